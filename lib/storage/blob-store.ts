/** A flat store of immutable byte blobs addressed by string keys. */
export interface BlobStore {
  readonly kind: "local" | "s3";
  /** Store `bytes` under `key`, replacing any previous blob. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** The blob stored under `key`, or null when there is none. */
  get(key: string): Promise<Uint8Array | null>;
  /** Remove the blob under `key`; a missing key is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Where blobs live, for logs and status pages. Never contains credentials. */
  describe(): string;
  /** Throws when the store cannot be reached or written (the health check). */
  probe(): Promise<void>;
  /**
   * Every blob whose key starts with `prefix`, with its last-modified time; for the sweep that
   * finds blobs without a row. Local stores also list unfinished `.tmp` files (`temporary: true`).
   */
  list(prefix: string): AsyncIterable<ListedBlob>;
}

export type ListedBlob = { key: string; modifiedAt: Date; sizeBytes: number; temporary?: boolean };

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Content-addressed key for a SHA-256 digest: `sha256/ab/abcdef…`. */
export function blobKeyFor(sha256Hex: string): string {
  if (typeof sha256Hex !== "string" || !SHA256_HEX.test(sha256Hex)) {
    throw new TypeError("blobKeyFor: expected 64 lowercase hex characters");
  }
  return `sha256/${sha256Hex.slice(0, 2)}/${sha256Hex}`;
}

/** S3's limit on key length, applied to every backend so keys stay portable. */
const MAX_KEY_BYTES = 1024;

/**
 * Throw unless `key` is a relative, `/`-separated path with no empty, `.` or `..`
 * segments, no backslashes and no NUL. Every backend applies the same rules, so a
 * key accepted by one is accepted by all.
 */
export function assertValidBlobKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new TypeError("blob key must be a non-empty string");
  }
  if (key.includes("\0")) throw new TypeError("blob key must not contain NUL");
  if (key.includes("\\")) throw new TypeError("blob key must not contain backslashes");
  if (key.startsWith("/") || /^[A-Za-z]:/.test(key)) {
    throw new TypeError("blob key must be relative");
  }
  if (Buffer.byteLength(key, "utf8") > MAX_KEY_BYTES) {
    throw new TypeError(`blob key longer than ${MAX_KEY_BYTES} bytes`);
  }
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      throw new TypeError("blob key must not contain empty, '.' or '..' segments");
    }
  }
}
