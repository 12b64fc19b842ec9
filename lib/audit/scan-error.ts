import type { ScanErrorInfo } from "./scan-types";

const MAX_MESSAGE = 500;

/** Secrets to scrub from messages: the credential values in use. */
export interface KnownSecrets {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
}

function redact(text: string, secrets: KnownSecrets): string {
  let out = text;
  for (const secret of [secrets.secretAccessKey, secrets.sessionToken, secrets.accessKeyId]) {
    if (secret && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  // Signed headers or query strings quoted back by a proxy.
  out = out.replace(/(Signature=)[0-9a-f]+/gi, "$1[redacted]").replace(/(X-Amz-Security-Token=)[^&\s]+/gi, "$1[redacted]");
  return out.length > MAX_MESSAGE ? `${out.slice(0, MAX_MESSAGE)}…` : out;
}

interface SdkErrorLike {
  name?: unknown;
  Code?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

/**
 * Code and message of a failed call as EC2 (or Node) gave them, with any credential value
 * scrubbed. Only these fields are copied: the SDK error's `$response` (which carries the request
 * headers) never leaves this function.
 */
export function describeScanError(error: unknown, secrets: KnownSecrets = {}): ScanErrorInfo {
  const e = (typeof error === "object" && error !== null ? error : {}) as SdkErrorLike;
  const rawCode = [e.Code, e.name, e.code].find((value) => typeof value === "string" && value !== "" && value !== "Error");
  const code = typeof rawCode === "string" ? rawCode : "UnknownError";
  const message = typeof e.message === "string" && e.message !== "" ? e.message : String(error);
  const info: ScanErrorInfo = { code: redact(code, secrets), message: redact(message, secrets) };
  const status = e.$metadata?.httpStatusCode;
  if (typeof status === "number") info.httpStatus = status;
  const attempts = e.$metadata?.attempts;
  if (typeof attempts === "number") {
    info.attempts = attempts;
    if (attempts > 1) info.message = `${info.message} (gave up after ${attempts} attempts)`;
  }
  return info;
}

/** A failure of the whole scan (e.g. the region list could not be read). */
export class ScanFailedError extends Error {
  constructor(readonly info: ScanErrorInfo) {
    super(`${info.code}: ${info.message}`);
    this.name = "ScanFailedError";
  }
}
