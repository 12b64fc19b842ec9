// S3 collection against a real s3rver: over 1,000 objects of three services on several list
// pages, rejected objects, metadata labels; then a second run with changed, unchanged, deleted
// and new objects, reading only the bodies of new and changed ones.
import { DeleteObjectsCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { goServiceProfile } from "../../testing/go-toolchain";
import { startS3rverProcess, type RunningS3rver } from "../../testing/s3rver";
import { gzipVariant, testS3Client, testSourceDeps, type TestSourceDeps } from "../../testing/sources";
import { createSource } from "./source-store";
import { SourceRunner } from "./source-runner";
import { parseSourceRequest } from "./source-request";
import { toRunDto, type RunDto } from "./source-dto";

const BUCKET = "batch-profiles";
const SERVICES = ["users", "search", "reports"] as const;
const PER_SERVICE = 340; // 1,020 profiles, plus the bad objects

let s3rver: RunningS3rver;
let client: S3Client;
let deps: TestSourceDeps;
let profiles: Record<string, Uint8Array>;
const getObjectCalls: string[] = [];

async function put(key: string, body: Uint8Array | string, metadata?: Record<string, string>) {
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: metadata }));
}

async function runToEnd(runner: SourceRunner, sourceId: string): Promise<RunDto> {
  const { run } = await runner.start(sourceId, "test");
  await runner.idle();
  return toRunDto(await deps.db.sourceRun.findUniqueOrThrow({ where: { id: run.id } }));
}

const item = (run: RunDto, key: string) => run.items.find((i) => i.key === key);

beforeAll(async () => {
  const captured = await Promise.all(SERVICES.map((s) => goServiceProfile(s, 1)));
  profiles = Object.fromEntries(SERVICES.map((s, i) => [s, captured[i]!]));
  s3rver = await startS3rverProcess([BUCKET]);
  client = testS3Client(s3rver.endpoint);
  // Count the GetObject requests the collector's own client sends.
  const collectorClient = testS3Client(s3rver.endpoint);
  collectorClient.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "GetObjectCommand") getObjectCalls.push((args.input as { Key: string }).Key);
      return next(args);
    },
    { step: "initialize" },
  );
  deps = testSourceDeps({ s3Client: () => collectorClient, s3PageSize: 250, maxUploadBytes: 256 * 1024, progressIntervalMs: 2000 });
  const limit = pLimit(16);
  const puts: Promise<void>[] = [];
  for (const service of SERVICES) {
    for (let n = 0; n < PER_SERVICE; n++) {
      const metadata = { version: `1.${n % 5}.0`, commit: `c0ffee${n}`, environment: "prod", job: `nightly-${n}` };
      puts.push(limit(() => put(`jobs/${service}/run-${String(n).padStart(4, "0")}.pprof`, gzipVariant(profiles[service]!, n + 1), metadata)));
    }
  }
  puts.push(limit(() => put("jobs/users/notes.txt", "not a profile at all")));
  puts.push(limit(() => put("jobs/README.md", "# the layout is jobs/<service>/<name>")));
  puts.push(limit(() => put("jobs/bad service/run.pprof", gzipVariant(profiles.users!, 9999))));
  puts.push(limit(() => put("jobs/search/huge.pprof", new Uint8Array(300 * 1024))));
  puts.push(limit(() => put("elsewhere/users/run.pprof", gzipVariant(profiles.users!, 7777))));
  await Promise.all(puts);
}, 300_000);

afterAll(async () => {
  await deps?.close();
  await s3rver?.stop();
});

describe("collecting from an S3 bucket", () => {
  let sourceId: string;
  let runner: SourceRunner;

  it("stores every profile under the prefix with its service and metadata labels, and rejects the rest one by one", async () => {
    sourceId = (await createSource(deps.db, parseSourceRequest({ kind: "s3", bucket: BUCKET, prefix: "jobs" }), "test")).id;
    runner = new SourceRunner(deps);
    const run = await runToEnd(runner, sourceId);
    expect(run.error ?? "").toBe("");
    expect(run.status).toBe("done");
    expect(run.items).toHaveLength(SERVICES.length * PER_SERVICE + 4);
    expect(run.counts).toEqual({ stored: 1020, duplicate: 0, unchanged: 0, rejected: 4, failed: 0, removed: 0 });
    expect(item(run, "jobs/users/notes.txt")).toMatchObject({ status: "rejected", error: expect.stringMatching(/not a profile|profile/i) });
    expect(item(run, "jobs/README.md")).toMatchObject({ status: "rejected", error: expect.stringContaining("jobs/<service>/<name>") });
    expect(item(run, "jobs/bad service/run.pprof")).toMatchObject({ status: "rejected", error: expect.stringContaining("not a service name") });
    expect(item(run, "jobs/search/huge.pprof")).toMatchObject({ status: "rejected", error: expect.stringContaining("upload limit") });
    expect(item(run, "elsewhere/users/run.pprof")).toBeUndefined();

    const counts = await deps.db.profile.groupBy({ by: ["service"], _count: true, orderBy: { service: "asc" } });
    expect(counts.map((c) => [c.service, c._count])).toEqual([["reports", 340], ["search", 340], ["users", 340]]);
    const one = await deps.db.profile.findUniqueOrThrow({ where: { id: item(run, "jobs/search/run-0007.pprof")!.profileId! } });
    expect(one).toMatchObject({ service: "search", source: `s3://${BUCKET}/jobs/search/run-0007.pprof`, pgoUsable: true });
    expect(one.labels).toEqual({ version: "1.2.0", commit: "c0ffee7", environment: "prod", job: "nightly-7" });
    // Read: the profiles and notes.txt; keys outside the layout and the huge one (its listed size) are refused unread.
    expect(getObjectCalls.length).toBe(SERVICES.length * PER_SERVICE + 1);
  }, 120_000);

  it("reads nothing when nothing changed", async () => {
    getObjectCalls.length = 0;
    const run = await runToEnd(runner, sourceId);
    expect(run.counts).toEqual({ stored: 0, duplicate: 0, unchanged: 1024, rejected: 0, failed: 0, removed: 0 });
    expect(getObjectCalls).toEqual([]);
    expect(item(run, "jobs/users/run-0003.pprof")!.profileId).toBeTruthy();
  }, 60_000);

  it("reads only new and changed objects, and shows deleted ones as removed while their profiles stay", async () => {
    getObjectCalls.length = 0;
    const removedProfile = (await deps.db.sourceObject.findUniqueOrThrow({ where: { sourceId_key: { sourceId, key: "jobs/users/run-0001.pprof" } } })).profileId!;
    await client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: ["jobs/users/run-0001.pprof", "jobs/users/run-0002.pprof", "jobs/users/notes.txt"].map((Key) => ({ Key })) } }));
    await put("jobs/search/run-0005.pprof", gzipVariant(profiles.search!, 50_005), { version: "2.0.0" }); // changed: same key, new ETag
    await put("jobs/reports/run-0006.pprof", gzipVariant(profiles.reports!, 1), {}); // changed to bytes already stored (those of run-0000)
    await put("jobs/reports/new-run.pprof", gzipVariant(profiles.reports!, 60_000), { job: "hourly" }); // new
    const run = await runToEnd(runner, sourceId);
    expect(run.counts).toEqual({ stored: 2, duplicate: 1, unchanged: 1019, rejected: 0, failed: 0, removed: 3 });
    expect(getObjectCalls.sort()).toEqual(["jobs/reports/new-run.pprof", "jobs/reports/run-0006.pprof", "jobs/search/run-0005.pprof"]);
    expect(item(run, "jobs/users/run-0001.pprof")).toMatchObject({ status: "removed", profileId: removedProfile });
    expect(item(run, "jobs/users/notes.txt")).toMatchObject({ status: "removed" });
    expect(item(run, "jobs/search/run-0005.pprof")).toMatchObject({ status: "stored" });
    expect(item(run, "jobs/reports/run-0006.pprof")).toMatchObject({ status: "duplicate" });
    expect(await deps.db.profile.findUnique({ where: { id: removedProfile } })).not.toBeNull();
    const changed = await deps.db.profile.findUniqueOrThrow({ where: { id: item(run, "jobs/search/run-0005.pprof")!.profileId! } });
    expect(changed.labels).toEqual({ version: "2.0.0" });
    // Removed once: the next run does not report them again.
    const after = await runToEnd(runner, sourceId);
    expect(after.counts).toMatchObject({ removed: 0, unchanged: 1022 });
  }, 60_000);

  it("a listing the server cannot do fails the run with the reason", async () => {
    const missing = await createSource(deps.db, parseSourceRequest({ kind: "s3", bucket: "no-such-bucket", prefix: "" }), "test");
    const run = await runToEnd(runner, missing.id);
    expect(run).toMatchObject({ status: "failed", error: expect.stringContaining("NoSuchBucket") });
  });
});
