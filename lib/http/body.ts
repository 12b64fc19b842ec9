import { HttpError } from "./errors";
import { formatBytesLimit } from "../config/env";

/** Read a request body, refusing (413) as soon as it grows past `maxBytes`; memory stays bounded. */
export async function readBodyLimited(request: Request, maxBytes: number, what?: string): Promise<Uint8Array> {
  const tooLarge = () =>
    new HttpError(
      413,
      what
        ? `${what} is larger than ${formatBytesLimit(maxBytes)}`
        : `profile is larger than the ${formatBytesLimit(maxBytes)} upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES)`,
    );
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}
