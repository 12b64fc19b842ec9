import { randomBytes } from "node:crypto";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { blobKeyFor } from "./blob-store";
import { forcePathStyleFromEnv, S3BlobStore } from "./s3-blob-store";
import { startS3rver, type RunningS3rver } from "../../testing/s3rver";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const BUCKET = "fleetscope-test";
const KEY = blobKeyFor("ef".repeat(32));

function sameBytes(a: Uint8Array | null, b: Uint8Array): boolean {
  return a !== null && Buffer.from(a).equals(Buffer.from(b));
}

describe("S3BlobStore against s3rver", () => {
  let s3rver: RunningS3rver;
  let client: S3Client;

  beforeAll(async () => {
    s3rver = await startS3rver(BUCKET);
    client = new S3Client({
      endpoint: s3rver.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3rver?.stop();
  });

  async function listKeys(): Promise<string[]> {
    const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    return (out.Contents ?? []).map((o) => o.Key ?? "").sort();
  }

  it("describes itself without secrets", () => {
    expect(new S3BlobStore({ bucket: BUCKET, client }).describe()).toBe(`s3://${BUCKET}`);
    const store = new S3BlobStore({ bucket: BUCKET, prefix: "/profiles/", client });
    expect(store.kind).toBe("s3");
    expect(store.describe()).toBe(`s3://${BUCKET}/profiles`);
    expect(store.describe()).not.toContain("S3RVER");
  });

  it("round-trips small, empty and 5 MB random blobs byte for byte", async () => {
    const store = new S3BlobStore({ bucket: BUCKET, prefix: "roundtrip", client });
    const small = new Uint8Array([0, 1, 2, 0xfe, 0xff, 0, 10, 13]);
    const big = new Uint8Array(randomBytes(5 * 1024 * 1024));
    await store.put("small", small);
    await store.put("empty", new Uint8Array(0));
    await store.put(KEY, big);
    expect(sameBytes(await store.get("small"), small)).toBe(true);
    expect(await store.get("empty")).toEqual(new Uint8Array(0));
    const back = await store.get(KEY);
    expect(back?.byteLength).toBe(big.byteLength);
    expect(sameBytes(back, big)).toBe(true);
    expect(await store.exists(KEY)).toBe(true);
  });

  it("stores objects under the prefix", async () => {
    const store = new S3BlobStore({ bucket: BUCKET, prefix: "tenants/acme/", client });
    await store.put(KEY, new Uint8Array([7]));
    expect(store.objectKey(KEY)).toBe(`tenants/acme/${KEY}`);
    expect(await listKeys()).toContain(`tenants/acme/${KEY}`);
    const unprefixed = new S3BlobStore({ bucket: BUCKET, client });
    expect(await unprefixed.exists(KEY)).toBe(false);
    expect(await unprefixed.get(`tenants/acme/${KEY}`)).toEqual(new Uint8Array([7]));
  });

  it("returns null / false for missing keys", async () => {
    const store = new S3BlobStore({ bucket: BUCKET, prefix: "missing", client });
    expect(await store.get(KEY)).toBeNull();
    expect(await store.exists(KEY)).toBe(false);
  });

  it("deletes, idempotently", async () => {
    const store = new S3BlobStore({ bucket: BUCKET, prefix: "del", client });
    await store.put(KEY, new Uint8Array([1, 2]));
    expect(await listKeys()).toContain(`del/${KEY}`);
    await store.delete(KEY);
    expect(await store.get(KEY)).toBeNull();
    expect(await listKeys()).not.toContain(`del/${KEY}`);
    await expect(store.delete(KEY)).resolves.toBeUndefined();
  });

  it("rejects bad keys before any request", async () => {
    const store = new S3BlobStore({ bucket: BUCKET, client });
    for (const key of ["../x", "/x", "a//b", "a\0b", ""]) {
      await expect(store.get(key), key).rejects.toThrow(TypeError);
      await expect(store.put(key, new Uint8Array([1])), key).rejects.toThrow(TypeError);
    }
    expect(() => new S3BlobStore({ bucket: " " })).toThrow(TypeError);
    expect(() => new S3BlobStore({ bucket: BUCKET, prefix: "a/../b" })).toThrow(TypeError);
    expect(() => new S3BlobStore({ bucket: BUCKET, client, forcePathStyle: true })).toThrow(TypeError);
  });

  describe("without a client (standard SDK chain)", () => {
    const NAMES = [
      "AWS_ENDPOINT_URL_S3",
      "AWS_REGION",
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
      "PROFILE_S3_FORCE_PATH_STYLE",
    ] as const;
    const saved = new Map(NAMES.map((n) => [n, process.env[n]]));
    afterEach(() => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it("picks up AWS_ENDPOINT_URL_S3, region, credentials and PROFILE_S3_FORCE_PATH_STYLE from env", async () => {
      for (const name of NAMES) delete process.env[name];
      // A hostname (not an IP) so that path-style addressing actually matters: without
      // it the SDK would send requests to fleetscope-test.localhost.
      process.env.AWS_ENDPOINT_URL_S3 = s3rver.endpoint.replace("127.0.0.1", "localhost");
      process.env.AWS_REGION = "us-east-1";
      process.env.AWS_ACCESS_KEY_ID = "S3RVER";
      process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
      process.env.PROFILE_S3_FORCE_PATH_STYLE = "true";
      const store = new S3BlobStore({ bucket: BUCKET, prefix: "from-env" });
      try {
        const bytes = new Uint8Array(randomBytes(4096));
        await store.put(KEY, bytes);
        expect(sameBytes(await store.get(KEY), bytes)).toBe(true);
        expect(await listKeys()).toContain(`from-env/${KEY}`);
        await store.delete(KEY);
        expect(await store.exists(KEY)).toBe(false);
      } finally {
        store.destroy();
      }
    });

    it("reads PROFILE_S3_FORCE_PATH_STYLE", () => {
      expect(forcePathStyleFromEnv({ PROFILE_S3_FORCE_PATH_STYLE: "true" })).toBe(true);
      expect(forcePathStyleFromEnv({ PROFILE_S3_FORCE_PATH_STYLE: "1" })).toBe(true);
      expect(forcePathStyleFromEnv({ PROFILE_S3_FORCE_PATH_STYLE: "false" })).toBe(false);
      expect(forcePathStyleFromEnv({})).toBe(false);
    });
  });
});
