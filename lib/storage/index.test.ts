import path from "node:path";
import { describe, expect, it } from "vitest";
import { createBlobStore, LocalBlobStore, S3BlobStore } from "./index";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

describe("createBlobStore", () => {
  it("uses <dataDir>/blobs without a bucket", () => {
    const store = createBlobStore({ dataDir: "/srv/fleetscope" });
    expect(store).toBeInstanceOf(LocalBlobStore);
    expect(store.kind).toBe("local");
    expect(store.describe()).toBe(`local directory ${path.resolve("/srv/fleetscope/blobs")}`);
  });

  it("treats a blank bucket as no bucket", () => {
    expect(createBlobStore({ dataDir: "/srv/x", bucket: "  " }).kind).toBe("local");
  });

  it("uses S3 when a bucket is given", () => {
    const store = createBlobStore({ dataDir: "/srv/x", bucket: "profiles-bucket", prefix: "prod" });
    expect(store).toBeInstanceOf(S3BlobStore);
    expect(store.kind).toBe("s3");
    expect(store.describe()).toBe("s3://profiles-bucket/prod");
    (store as S3BlobStore).destroy();
  });

  it("requires dataDir for local storage", () => {
    expect(() => createBlobStore({ dataDir: "" })).toThrow(TypeError);
  });
});
