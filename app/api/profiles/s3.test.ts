import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startS3rver, type RunningS3rver } from "@/testing/s3rver";
import { fixture, freshDataDir, json, params, req } from "../_testing/harness";

const BUCKET = "fleetscope-profiles";
let s3: RunningS3rver;
let dataDir: string;
let client: S3Client;
let profiles: typeof import("./route");
let profileById: typeof import("./[id]/route");
let raw: typeof import("./[id]/raw/route");

beforeAll(async () => {
  s3 = await startS3rver(BUCKET);
  const endpoint = s3.endpoint.replace("127.0.0.1", "localhost");
  dataDir = freshDataDir({
    PROFILE_BUCKET: BUCKET,
    PROFILE_PREFIX: "team-a",
    PROFILE_S3_FORCE_PATH_STYLE: "true",
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  client = new S3Client({ endpoint, forcePathStyle: true, region: "us-east-1", credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  profiles = await import("./route");
  profileById = await import("./[id]/route");
  raw = await import("./[id]/raw/route");
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
});

async function keys(): Promise<string[]> {
  const out = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

describe("profile bytes in S3 when PROFILE_BUCKET is set", () => {
  it("stores under the prefix by sha256, downloads unchanged, and deletes the object", async () => {
    const bytes = fixture("gdu.default.pgo");
    const res = await profiles.POST(req("/api/profiles?service=s3-users", { method: "POST", body: bytes as BodyInit }), params({}));
    expect(res.status).toBe(201);
    const { profile } = await json<{ profile: { id: string; sha256: string } }>(res);
    expect(await keys()).toEqual([`team-a/sha256/${profile.sha256.slice(0, 2)}/${profile.sha256}`]);
    expect(fs.existsSync(path.join(dataDir, "blobs"))).toBe(false);

    const got = await raw.GET(req(`/api/profiles/${profile.id}/raw`), params({ id: profile.id }));
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);

    const del = await profileById.DELETE(req(`/api/profiles/${profile.id}`, { method: "DELETE" }), params({ id: profile.id }));
    expect(del.status).toBe(204);
    expect(await keys()).toEqual([]);
  });

  it("leaves no object behind when the profile is rejected", async () => {
    const res = await profiles.POST(req("/api/profiles?service=s3-users", { method: "POST", body: "nope" }), params({}));
    expect(res.status).toBe(400);
    expect(await keys()).toEqual([]);
  });
});
