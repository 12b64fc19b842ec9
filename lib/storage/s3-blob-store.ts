import { createHash } from "node:crypto";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { assertValidBlobKey, type BlobStore, type ListedBlob } from "./blob-store";
import { assertBytes, toPlainBytes } from "./bytes";

export interface S3BlobStoreOptions {
  bucket: string;
  /** Key prefix inside the bucket, e.g. "profiles"; leading/trailing slashes are ignored. */
  prefix?: string;
  /**
   * A ready client. Without one, the store builds an S3Client from the standard AWS
   * SDK chain (credentials, region, AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL, ...).
   */
  client?: S3Client;
  /**
   * Path-style addressing (`http://host/bucket/key`), needed by s3rver, MinIO and the
   * like. Only used when the store builds its own client. Defaults to env
   * PROFILE_S3_FORCE_PATH_STYLE ("true" or "1").
   */
  forcePathStyle?: boolean;
}

/** Whether env PROFILE_S3_FORCE_PATH_STYLE asks for path-style addressing. */
export function forcePathStyleFromEnv(
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  const value = env.PROFILE_S3_FORCE_PATH_STYLE?.trim().toLowerCase();
  return value === "true" || value === "1";
}

function normalizePrefix(prefix: string | undefined): string {
  const trimmed = (prefix ?? "").replace(/^\/+|\/+$/g, "");
  if (trimmed !== "") assertValidBlobKey(trimmed);
  return trimmed;
}

function httpStatus(err: unknown): number | undefined {
  return (err as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isNotFound(err: unknown): boolean {
  const name = (err as { name?: string } | null)?.name;
  return name === "NoSuchKey" || name === "NotFound" || httpStatus(err) === 404;
}

/** Blobs as objects in one S3 (or S3-compatible) bucket, under an optional prefix. */
export class S3BlobStore implements BlobStore {
  readonly kind = "s3" as const;
  readonly bucket: string;
  readonly prefix: string;
  private readonly client: S3Client;
  private readonly ownsClient: boolean;

  constructor(options: S3BlobStoreOptions) {
    if (typeof options.bucket !== "string" || options.bucket.trim() === "") {
      throw new TypeError("S3BlobStore: bucket must be a non-empty string");
    }
    if (options.client && options.forcePathStyle !== undefined) {
      throw new TypeError("S3BlobStore: set forcePathStyle on the client you pass, not here");
    }
    this.bucket = options.bucket.trim();
    this.prefix = normalizePrefix(options.prefix);
    this.ownsClient = options.client === undefined;
    this.client =
      options.client ??
      new S3Client({ forcePathStyle: options.forcePathStyle ?? forcePathStyleFromEnv() });
  }

  describe(): string {
    return this.prefix === "" ? `s3://${this.bucket}` : `s3://${this.bucket}/${this.prefix}`;
  }

  /** The object key in the bucket for a store key. */
  objectKey(key: string): string {
    assertValidBlobKey(key);
    return this.prefix === "" ? key : `${this.prefix}/${key}`;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    assertBytes(bytes);
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: bytes,
        ContentLength: bytes.byteLength,
        ContentType: "application/octet-stream",
        ContentMD5: createHash("md5").update(bytes).digest("base64"),
      }),
    );
  }

  async get(key: string): Promise<Uint8Array | null> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      if (!out.Body) return new Uint8Array(0);
      return toPlainBytes(await out.Body.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
  }

  async delete(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(
        new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }),
      );
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async probe(): Promise<void> {
    await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
  }

  async *list(prefix: string): AsyncIterable<ListedBlob> {
    const base = this.prefix === "" ? "" : `${this.prefix}/`;
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${base}${prefix}`, ContinuationToken: token }),
      );
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        yield { key: object.Key.slice(base.length), modifiedAt: object.LastModified ?? new Date(0), sizeBytes: object.Size ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  /** Release the client's sockets if this store created the client. */
  destroy(): void {
    if (this.ownsClient) this.client.destroy();
  }
}
