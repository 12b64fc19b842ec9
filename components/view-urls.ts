import { viewQueryString, type ViewQuery } from "./view-query";

/**
 * API URLs of a profile's views. The page preloads them and the viewer fetches them: keep them
 * identical. `minFraction`: the flame graph's folding (the server's default when undefined; 0 folds nothing).
 */
export function viewUrls(id: string, sampleType: string, query?: ViewQuery, minFraction?: number) {
  const q = `?sampleType=${encodeURIComponent(sampleType)}${query ? viewQueryString(query) : ""}`;
  // A folding of the URL's is computed, never stored: as preorder columns in a binary body, 15 bytes
  // a frame read in place (every frame can be 900,000); the default one is the tree stored at upload.
  const fold = minFraction === undefined ? "" : `&minFraction=${minFraction}&format=frames`;
  return { flame: `/api/profiles/${id}/flamegraph${q}${fold}`, top: `/api/profiles/${id}/top${q}`, tags: `/api/profiles/${id}/tags${q}`, graph: `/api/profiles/${id}/graph${q}` };
}

/** API URL of a comparison. */
export function compareUrl(base: string, target: string, sampleType: string, query?: ViewQuery) {
  return `/api/profiles/compare?base=${encodeURIComponent(base)}&target=${encodeURIComponent(target)}&sampleType=${encodeURIComponent(sampleType)}${query ? viewQueryString(query) : ""}`;
}

/** The flame graph of the stacks through one frame (its path from the root), every frame under it shown. */
export function focusedFlameUrl(id: string, sampleType: string, path: readonly string[], query?: ViewQuery, minFraction?: number) {
  return viewUrls(id, sampleType, query, minFraction).flame + path.map((name) => `&path=${encodeURIComponent(name)}`).join("");
}

/** API URL of a function's callers and callees. */
export function peekUrl(id: string, sampleType: string, functionName: string, query?: ViewQuery) {
  return `/api/profiles/${id}/peek?sampleType=${encodeURIComponent(sampleType)}&function=${encodeURIComponent(functionName)}${query ? viewQueryString(query) : ""}`;
}
