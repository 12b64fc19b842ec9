/**
 * Fetches one profile from an admin port: no redirects followed, a deadline for the whole answer,
 * and the upload size limit applied while reading. Every failure is an ItemError that says what
 * happened at that target.
 */
import { formatBytesLimit } from "../config/env";
import { ItemError } from "./collect-error";

export interface FetchLimits {
  /** The whole answer, body included, must arrive within this. */
  timeoutMs: number;
  maxBytes: number;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function connectionError(url: string, err: unknown, timeoutMs: number): ItemError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? (err as { code?: string }).code;
  const host = new URL(url).host;
  if ((err as Error).name === "TimeoutError") return new ItemError("failed", `no answer from ${host} within ${seconds(timeoutMs)} (the profile's seconds plus a margin)`);
  if (cause?.message === "bad port") return new ItemError("failed", `port ${new URL(url).port} of ${host} is one that HTTP clients refuse to call (the Fetch standard's blocked ports, e.g. 1, 6000, 6665-6669): serve the admin port elsewhere, e.g. 6060`);
  if (code === "ECONNREFUSED") return new ItemError("failed", `connection refused by ${host}: nothing listens there (is the admin port open to Fleetscope's security group?)`);
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return new ItemError("failed", `the host name of ${host} does not resolve`);
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return new ItemError("failed", `${host} closed the connection before the profile was sent`);
  if (code === "EHOSTUNREACH" || code === "ENETUNREACH") return new ItemError("failed", `${host} cannot be reached from Fleetscope (no route: check the security group and subnets)`);
  return new ItemError("failed", `${host} could not be fetched: ${code ?? cause?.message ?? (err as Error).message}`);
}

async function readLimited(body: ReadableStream<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new ItemError("rejected", `the answer is larger than the ${formatBytesLimit(maxBytes)} upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES): stopped reading`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, total);
}

function checkHeaders(response: Response, maxBytes: number): void {
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get("location") ?? "(no Location)";
    throw new ItemError("failed", `answered a redirect (HTTP ${response.status} to ${location.slice(0, 200)}): redirects are not followed, give the admin URL itself`);
  }
  if (!response.ok) throw new ItemError("failed", `answered HTTP ${response.status} instead of a profile (is net/http/pprof registered at /debug/pprof/?)`);
  const type = response.headers.get("content-type") ?? "";
  if (/^text\/html/i.test(type)) {
    throw new ItemError("rejected", `answered an HTML page (Content-Type ${type}) instead of a profile: is this the admin port serving net/http/pprof?`);
  }
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) {
    throw new ItemError("rejected", `the answer is ${declared} bytes, over the ${formatBytesLimit(maxBytes)} upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES): not read`);
  }
}

/** GET `url` and return the body; throws ItemError with the reason. */
export async function fetchProfileBytes(url: string, limits: FetchLimits): Promise<Uint8Array> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { redirect: "manual", signal, headers: { accept: "application/octet-stream" } });
  } catch (err) {
    throw connectionError(url, err, limits.timeoutMs);
  }
  try {
    checkHeaders(response, limits.maxBytes);
    if (!response.body) return new Uint8Array(0);
    return await readLimited(response.body, limits.maxBytes);
  } catch (err) {
    if (err instanceof ItemError) {
      await response.body?.cancel().catch(() => {});
      throw err;
    }
    if ((err as Error).name === "TimeoutError" || signal.aborted) {
      throw new ItemError("failed", `the profile did not end within ${seconds(limits.timeoutMs)} (the profile's seconds plus a margin): the answer streams without end`);
    }
    throw connectionError(url, err, limits.timeoutMs);
  }
}
