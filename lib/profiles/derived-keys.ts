/**
 * Where what is derived from a profile's bytes is kept in the blob store, next to the bytes: the
 * viewer's rendered views and the merge preview's input index. Keyed by the profile's sha256 and
 * a format version; deleted with the bytes (removeBlobIfUnused).
 */
import { blobKeyFor } from "../storage/blob-store";

/**
 * Bump when what a stored view holds changes: the JSON of FlameView or TopView, or how
 * flameTreeOfIndex, topTableOfIndex or DEFAULT_MIN_FRACTION compute it. Older blobs are then
 * ignored (and recomputed). 2: flame trees drawn to MAX_FLAME_DEPTH, profiles read by profile-table.ts.
 */
export const VIEWS_FORMAT = 2;

/** Bump when the merge preview's InputIndex or its reading changes: older blobs are then ignored. 3: read from the profile table. */
export const MERGE_INDEX_FORMAT = 3;

/** The views that are stored: the default-pruned flame tree and the top table, per sample type index. */
export type StoredViewName = `flame-${number}` | `top-${number}`;

export function storedViewKey(profileSha256: string, view: StoredViewName): string {
  return `derived/profile-views/v${VIEWS_FORMAT}/${blobKeyFor(profileSha256)}/${view}.json.gz`;
}

export function mergeIndexBlobKey(profileSha256: string): string {
  return `derived/merge-input-index/v${MERGE_INDEX_FORMAT}/${blobKeyFor(profileSha256)}`;
}

/** Every key storedViewKey can give for a profile with this many sample types. */
export function storedViewKeys(profileSha256: string, sampleTypeCount: number): string[] {
  const keys: string[] = [];
  for (let t = 0; t < sampleTypeCount; t++) keys.push(storedViewKey(profileSha256, `flame-${t}`), storedViewKey(profileSha256, `top-${t}`));
  return keys;
}

/** Every key derived data of a profile with this many sample types can have (to delete them). */
export function derivedBlobKeys(profileSha256: string, sampleTypeCount: number): string[] {
  return [mergeIndexBlobKey(profileSha256), ...storedViewKeys(profileSha256, sampleTypeCount)];
}
