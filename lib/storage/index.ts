import path from "node:path";
import type { BlobStore } from "./blob-store";
import { LocalBlobStore } from "./local-blob-store";
import { S3BlobStore } from "./s3-blob-store";

export { assertValidBlobKey, blobKeyFor, type BlobStore } from "./blob-store";
export { LocalBlobStore } from "./local-blob-store";
export { forcePathStyleFromEnv, S3BlobStore, type S3BlobStoreOptions } from "./s3-blob-store";

export interface BlobStoreConfig {
  dataDir: string;
  /** An S3 bucket; blank or absent means local storage. */
  bucket?: string;
  /** Key prefix inside the bucket (ignored for local storage). */
  prefix?: string;
}

/** S3 when a bucket is configured, otherwise files under `<dataDir>/blobs`. */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  const bucket = config.bucket?.trim();
  if (bucket) return new S3BlobStore({ bucket, prefix: config.prefix });
  if (typeof config.dataDir !== "string" || config.dataDir === "") {
    throw new TypeError("createBlobStore: dataDir is required for local storage");
  }
  return new LocalBlobStore(path.join(config.dataDir, "blobs"));
}
