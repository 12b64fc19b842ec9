import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, freshDataDir } from "@/app/api/_testing/harness";
import { startS3rver, type RunningS3rver } from "@/testing/s3rver";
import type { Db } from "../db/client";
import { LocalBlobStore, S3BlobStore, blobKeyFor, type BlobStore } from "../storage";
import { ingestProfile } from "../profiles/ingest";
import { sweepStore, describeFindings, ORPHAN_MIN_AGE_MS } from "./sweep";

let db: Db;
let s3: RunningS3rver;
beforeAll(async () => {
  freshDataDir();
  db = (await import("../db/client")).db();
  s3 = await startS3rver("sweep-bucket");
});
afterAll(async () => {
  await s3?.stop();
});

async function scenario(blobs: BlobStore, service: string) {
  const deps = { db, blobs, maxDecompressedBytes: 1 << 29 };
  const kept = await ingestProfile({ service, bytes: fixture("go19-cpu.pb.gz"), labels: {}, source: "test" }, deps);
  const lost = await ingestProfile({ service, bytes: fixture("go19-heap.pb.gz"), labels: {}, source: "test" }, deps);
  const orphanKey = blobKeyFor(service === "local" ? "a".repeat(64) : "b".repeat(64));
  await blobs.put(orphanKey, new Uint8Array([1, 2, 3]));
  await blobs.put(`derived/profile-views/v1/${blobKeyFor("c".repeat(64))}/top-0.json.gz`, new Uint8Array([4]));
  await blobs.put("elsewhere/not-ours", new Uint8Array([5]));
  await blobs.delete(blobKeyFor(lost.profile.sha256));
  return { kept, lost, orphanKey };
}

describe("the store sweep", () => {
  it("local: keeps young orphans, then deletes old ones and stale .tmp files, and marks rows without bytes damaged", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-sweep-"));
    const blobs = new LocalBlobStore(root);
    const { kept, lost, orphanKey } = await scenario(blobs, "local");
    const tmp = path.join(root, "sha256", "aa", ".x.tmp");
    fs.writeFileSync(tmp, "half");

    const young = await sweepStore({ db, blobs });
    expect(young.orphansDeleted).toEqual([]);
    expect(young.orphansKept).toBe(2);
    expect(young.temporaryFilesDeleted).toBe(0);
    expect(young.damagedProfiles).toEqual([lost.profile.id]);
    expect((await db.profile.findUniqueOrThrow({ where: { id: lost.profile.id } })).damagedAt).not.toBeNull();

    const later = new Date(Date.now() + ORPHAN_MIN_AGE_MS + 1000);
    const old = await sweepStore({ db, blobs }, { now: later });
    expect(old.orphansDeleted.sort()).toEqual([orphanKey, `derived/profile-views/v1/${blobKeyFor("c".repeat(64))}/top-0.json.gz`].sort());
    expect(old.temporaryFilesDeleted).toBe(1);
    expect(fs.existsSync(tmp)).toBe(false);
    expect(await blobs.exists("elsewhere/not-ours")).toBe(true);
    expect(await blobs.exists(blobKeyFor(kept.profile.sha256))).toBe(true);
    expect(old.damagedProfiles).toEqual([]); // already marked
    expect(describeFindings(old)).toMatch(/deleted 2 blob\(s\) without a row; deleted 1 unfinished .tmp file/);

    // The bytes come back (restored by hand): the mark goes.
    await blobs.put(blobKeyFor(lost.profile.sha256), fixture("go19-heap.pb.gz"));
    const repaired = await sweepStore({ db, blobs });
    expect(repaired.repaired).toContain(lost.profile.id);
    await db.profile.deleteMany({});
  });

  it("S3: lists the bucket's pages and does the same", async () => {
    const client = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    const blobs = new S3BlobStore({ bucket: "sweep-bucket", prefix: "fleet", client });
    const { lost, orphanKey } = await scenario(blobs, "s3");
    const result = await sweepStore({ db, blobs }, { orphanMinAgeMs: 0 });
    expect(result.orphansDeleted).toContain(orphanKey);
    expect(result.damagedProfiles).toEqual([lost.profile.id]);
    expect(await blobs.exists(orphanKey)).toBe(false);
    expect(await blobs.exists("elsewhere/not-ours")).toBe(true);
    client.destroy();
  });
});
