import { Buffer, constants as bufferConstants } from "node:buffer";
import { promisify } from "node:util";
import { gunzip as gunzipCallback, gunzipSync } from "node:zlib";
import { describeContent } from "./content-sniff";

/** Default cap on the decompressed size of an uploaded profile: 512 MiB. */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 512 * 1024 * 1024;

/** The setting that operators use to change the cap; named in the 413 message. */
export const MAX_DECOMPRESSED_BYTES_SETTING = "FLEETSCOPE_MAX_DECOMPRESSED_BYTES";

export interface DecodeLimits {
  /** Largest accepted profile after gunzip (or raw size when not gzipped), in bytes. */
  maxDecompressedBytes?: number;
}

export type ProfileDecodeErrorCode = "empty" | "truncated-gzip" | "corrupt-gzip" | "not-a-profile" | "too-large";

/** A profile upload that cannot be used, with the HTTP status to answer and a user-facing message. */
export class ProfileDecodeError extends Error {
  override readonly name = "ProfileDecodeError";
  readonly status: 400 | 413;
  readonly code: ProfileDecodeErrorCode;

  constructor(code: ProfileDecodeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.status = code === "too-large" ? 413 : 400;
  }
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

/** "512 MiB", or "0.000977 MiB (1024 bytes)" for limits that are not whole MiB. */
function describeLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB` : `${Number(mib.toPrecision(3))} MiB (${bytes} bytes)`;
}

function tooLarge(limit: number, what: string): ProfileDecodeError {
  return new ProfileDecodeError(
    "too-large",
    `${what} exceeds the ${describeLimit(limit)} limit (${MAX_DECOMPRESSED_BYTES_SETTING})`,
  );
}

function resolveLimit(limits: DecodeLimits | undefined): number {
  const limit = limits?.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  if (!Number.isSafeInteger(limit) || limit <= 0) {
    throw new RangeError(`maxDecompressedBytes must be a positive integer, got ${limit}`);
  }
  return limit;
}

function errorCode(err: unknown): string | undefined {
  return typeof err === "object" && err !== null && "code" in err ? String(err.code) : undefined;
}

const gunzipAsync = promisify(gunzipCallback);

/** A plain Uint8Array view: Buffer#subarray is several times slower than Uint8Array#subarray. */
const plain = (out: Buffer) => new Uint8Array(out.buffer, out.byteOffset, out.byteLength);

/** The ProfileDecodeError for a failed gunzip. */
function gunzipError(err: unknown, limit: number): ProfileDecodeError {
  const code = errorCode(err);
  const detail = err instanceof Error ? err.message : String(err);
  if (code === "ERR_BUFFER_TOO_LARGE") return tooLarge(limit, "decompressed profile");
  if (code === "Z_BUF_ERROR") {
    return new ProfileDecodeError(
      "truncated-gzip",
      `truncated gzip stream: the compressed data ends before the profile does (${detail}); was the upload cut short?`,
      { cause: err },
    );
  }
  return new ProfileDecodeError("corrupt-gzip", `corrupt gzip stream: ${detail}`, { cause: err });
}

// zlib stops inflating as soon as the output would pass maxOutputLength, so a
// gzip bomb costs at most `limit` bytes of memory.
const maxOutput = (limit: number) => ({ maxOutputLength: Math.min(limit, bufferConstants.MAX_LENGTH) });

function gunzip(bytes: Uint8Array, limit: number): Uint8Array {
  try {
    return plain(gunzipSync(bytes, maxOutput(limit)));
  } catch (err) {
    throw gunzipError(err, limit);
  }
}

function notAProfile(payload: Uint8Array, gzipped: boolean, reason: string, cause?: unknown): ProfileDecodeError {
  const what = describeContent(payload);
  const subject = gzipped ? "the gzip stream contains" : "the body is";
  const message = what
    ? `not a pprof profile: ${subject} ${what}`
    : `not a pprof profile: ${gzipped ? "the decompressed data" : "the body"} is not a valid perftools.profiles.Profile protobuf (${reason})`;
  return new ProfileDecodeError("not-a-profile", message, { cause });
}

/** What the bytes of a profile upload are, before any inflating: empty (an error), gzip, or raw protobuf within the limit. */
function payloadKind(bytes: Uint8Array, limits: DecodeLimits | undefined): { limit: number; gzipped: boolean } {
  const limit = resolveLimit(limits);
  if (bytes.length === 0) {
    throw new ProfileDecodeError("empty", "empty body: expected a pprof profile (gzip-compressed or raw protobuf)");
  }
  const gzipped = bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
  if (!gzipped && bytes.length > limit) throw tooLarge(limit, "profile");
  return { limit, gzipped };
}

function inflated(payload: Uint8Array): Uint8Array {
  if (payload.length === 0) throw new ProfileDecodeError("empty", "empty profile: the gzip stream decompresses to nothing");
  return payload;
}

const rawPayload = (bytes: Uint8Array) => (Buffer.isBuffer(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : bytes);

/**
 * The protobuf bytes of a profile: gunzipped (within the size limit) when gzip-compressed, else the
 * bytes themselves. Throws ProfileDecodeError like decodeProfile. Synchronous: for tests and tools;
 * the server reads with profilePayloadAsync, which inflates off the event loop.
 */
export function profilePayload(bytes: Uint8Array, limits?: DecodeLimits): { payload: Uint8Array; gzipped: boolean } {
  const { limit, gzipped } = payloadKind(bytes, limits);
  return { payload: gzipped ? inflated(gunzip(bytes, limit)) : rawPayload(bytes), gzipped };
}

/** profilePayload with the gunzip on libuv's thread pool, so that a large profile does not hold up other requests. */
export async function profilePayloadAsync(bytes: Uint8Array, limits?: DecodeLimits): Promise<{ payload: Uint8Array; gzipped: boolean }> {
  const { limit, gzipped } = payloadKind(bytes, limits);
  if (!gzipped) return { payload: rawPayload(bytes), gzipped };
  let out: Buffer;
  try {
    out = await gunzipAsync(bytes, maxOutput(limit));
  } catch (err) {
    throw gunzipError(err, limit);
  }
  return { payload: inflated(plain(out)), gzipped };
}

/** The 400 error for bytes that are not a usable profile, naming what they look like when known. */
export function notAProfileError(payload: Uint8Array, gzipped: boolean, reason: string): ProfileDecodeError {
  return notAProfile(payload, gzipped, reason);
}
