/** Small helpers shared by the merge route handlers (no Next imports). */
import { HttpError } from "../http/errors";

/** `?limit=N`: at most N hot call sites in a response (default: all). */
export function parseLimit(params: URLSearchParams): number | null {
  const raw = params.get("limit");
  if (raw === null || raw === "") return null;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `limit must be a whole number of call sites (e.g. 200), got "${raw}"`);
  return n;
}

/** A default.pgo download. */
export function pgoFileResponse(bytes: Uint8Array, sha256: string, headers: Record<string, string> = {}): Response {
  return new Response(bytes as BodyInit, {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(bytes.byteLength),
      "content-disposition": 'attachment; filename="default.pgo"',
      "x-content-sha256": sha256,
      "cache-control": "private, no-cache",
      ...headers,
    },
  });
}

/** A JSON body computed or cached by the merge service. */
export function jsonResponse(json: string, timing?: { ms: number; cached: boolean }): Response {
  const headers: Record<string, string> = { "content-type": "application/json", "cache-control": "private, no-cache" };
  if (timing) headers["server-timing"] = `merge;desc="${timing.cached ? "cache hit" : "computed"}";dur=${timing.ms.toFixed(1)}`;
  return new Response(json, { headers });
}
