import { appConfig } from "../config/env";
import { db } from "../db/client";
import { profileBlobStore } from "./blob-store";
import type { IngestDeps } from "./ingest";

/** The process-wide dependencies of the profile store. */
export function profileDeps(): IngestDeps {
  return { db: db(), blobs: profileBlobStore(), maxDecompressedBytes: appConfig().maxDecompressedBytes };
}
