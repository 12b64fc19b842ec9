/**
 * Rendered views (the JSON of a profile's flame graph and top table) kept in the blob store next
 * to the profile they were computed from, so that the first view after a restart (or on another
 * replica) is a small read instead of reading and decoding the whole profile: half a second to
 * several seconds for large ones. Derived data: keyed by the profile's sha256, the view and a
 * format version, recomputed whenever missing or unreadable, and deleted with the profile's bytes.
 */
import { promisify } from "node:util";
import { gunzipSync, gzip } from "node:zlib";
import type { BlobStore } from "../storage/blob-store";

export { storedViewKey, storedViewKeys, type StoredViewName } from "./derived-keys";

const gzipAsync = promisify(gzip);

/** The stored JSON, or null when there is none or it is damaged (a failed read is a miss, never an error). */
export async function readStoredView(blobs: BlobStore, key: string): Promise<string | null> {
  try {
    const bytes = await blobs.get(key);
    if (!bytes) return null;
    // In this turn of the event loop (a millisecond or two for these sizes): the first request
    // after a restart competes with the page's first render, and every extra turn waits for it.
    const json = gunzipSync(bytes).toString("utf8");
    // Written whole (gzip has a checksum), so a JSON object from start to end is the one we wrote.
    return json.startsWith("{") && json.endsWith("}") ? json : null;
  } catch {
    return null;
  }
}

export async function writeStoredView(blobs: BlobStore, key: string, json: string): Promise<void> {
  const gz = await gzipAsync(Buffer.from(json, "utf8"), { level: 1 });
  await blobs.put(key, new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength));
}
