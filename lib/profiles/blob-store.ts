import { appConfig } from "../config/env";
import { createBlobStore } from "../storage";
import type { BlobStore } from "../storage/blob-store";

const holder = globalThis as unknown as { fleetscopeBlobStore?: BlobStore };

/** The process-wide profile blob store: S3 when PROFILE_BUCKET is set, else the data directory. */
export function profileBlobStore(): BlobStore {
  const config = appConfig();
  holder.fleetscopeBlobStore ??= createBlobStore({
    dataDir: config.dataDir,
    bucket: config.profileBucket,
    prefix: config.profilePrefix,
  });
  return holder.fleetscopeBlobStore;
}
