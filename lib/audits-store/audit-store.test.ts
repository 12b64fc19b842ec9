import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditRequestSchema, clearRegionCache } from "../audit";
import {
  FAKE_CREDENTIALS,
  fakeEc2ClientFactory,
  generateFleet,
  recordInstanceCalls,
  sideBySide,
  startFakeEc2,
  type FakeEc2Server,
} from "../../fakes/ec2";
import type { Db } from "../db/client";
import type { LocalBlobStore } from "../storage";
import { INTERRUPTED_MESSAGE, type AuditStore } from "./audit-store";
import type { AuditDto } from "./audit-dto";
import { eventually, fakeStore, freshDatabase } from "../../testing/audit-store";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const fleet = generateFleet({
  regions: ["us-east-1", "eu-west-1", "ap-south-1", "sa-east-1"],
  instancesPerRegion: [120, 40, 30, 20],
  failures: { "sa-east-1": "UnauthorizedOperation" },
  seed: 6,
});

let fake: FakeEc2Server;
let db: Db;
let blobs: LocalBlobStore;
let store: AuditStore;

beforeAll(async () => {
  fake = await startFakeEc2({ fleet, latencyMs: 0, port: 0 });
  ({ db, blobs } = freshDatabase());
});
afterAll(async () => {
  await store?.idle();
  await fake.close();
  await db.$disconnect();
});
beforeEach(async () => {
  await store?.idle();
  clearRegionCache();
  fake.stats.reset();
  fake.update({ fleet, latencyMs: 0, maxPageSize: undefined, throttle: undefined, regionFailures: undefined });
  store = fakeStore({ db, blobs }, fake.url);
});

const req = (body: object) => auditRequestSchema.parse(body);

const finished = (id: string, s: AuditStore = store) =>
  eventually(async () => {
    const audit = await s.get(id);
    return audit.status !== "running" && audit;
  });

describe("starting a scan", () => {
  it("answers at once with a running audit, then stores regions, summary and findings", async () => {
    fake.update({ latencyMs: 30 });
    const { audit, joined } = await store.start(req({ requiredTags: ["Owner", "Environment"] }), "alice");
    expect(joined).toBe(false);
    expect(audit).toMatchObject({ status: "running", startedBy: "alice", regionsRequested: "all", requiredTags: ["Owner", "Environment"], finishedAt: null });

    const done = await finished(audit.id);
    expect(done.status).toBe("done");
    expect(done.finishedAt).not.toBeNull();
    expect(done.regions.map((r) => [r.region, r.status])).toEqual([
      ["ap-south-1", "ok"],
      ["eu-west-1", "ok"],
      ["sa-east-1", "error"],
      ["us-east-1", "ok"],
    ]);
    const usEast = done.regions.find((r) => r.region === "us-east-1")!;
    expect(usEast.total).toBe(120);
    expect(usEast.running).toBe(fleet.regions[0]!.instances.filter((i) => i.state === "running").length);
    expect(usEast.startedAt).toEqual(expect.any(String));
    expect(done.summary).toMatchObject({ instances: 190, regionsScanned: 4, failedRegions: 1 });
    expect(done.findingsAvailable).toBe(true);

    const untagged = await store.findings(done.id, "untagged");
    const open = await store.findings(done.id, "open-ingress");
    expect(untagged.length).toBe(done.summary.untagged);
    expect(open.length).toBe(done.summary.openIngress);
    expect(Object.keys(untagged[0]!).sort()).toEqual(["account", "firstSeenAt", "groupIds", "instanceId", "isNew", "missingTags", "name", "newness", "region", "state", "suppressedBy", "tags"]);
    expect(untagged[0]).toMatchObject({ account: "self", newness: "unknown", isNew: false, suppressedBy: null, firstSeenAt: done.startedAt });
    expect(open.flatMap((f) => f.permissions).some((p) => p.severity === "critical")).toBe(true);
  });

  it("reports a denied region with EC2's error while every other region completes", async () => {
    const { audit } = await store.start(req({ regions: ["eu-west-1", "sa-east-1"] }), "alice");
    const done = await finished(audit.id);
    expect(done.status).toBe("done");
    const denied = done.regions.find((r) => r.region === "sa-east-1")!;
    expect(denied).toMatchObject({ status: "error", errorCode: "UnauthorizedOperation", total: 0 });
    expect(denied.error).toMatch(/^UnauthorizedOperation: /);
    expect(done.regions.find((r) => r.region === "eu-west-1")).toMatchObject({ status: "ok", total: 40 });
    expect(done.summary.failedRegions).toBe(1);
  });

  it("fails the audit, saying why, when every region fails or the region list cannot be read", async () => {
    const { audit } = await store.start(req({ regions: ["sa-east-1"] }), "alice");
    const allDenied = await finished(audit.id);
    expect(allDenied).toMatchObject({ status: "failed", findingsAvailable: true });
    expect(allDenied.error).toMatch(/every region failed, e\.g\. sa-east-1: UnauthorizedOperation/);

    fake.update({ regionFailures: { "us-east-1": "AuthFailure" } });
    clearRegionCache();
    const { audit: second } = await store.start(req({}), "alice");
    const noRegions = await finished(second.id);
    expect(noRegions.status).toBe("failed");
    expect(noRegions.error).toMatch(/list of regions could not be read \(AuthFailure: .*\): check the AWS credentials/);
    expect(noRegions.findingsAvailable).toBe(false);
    await expect(store.findings(second.id, "untagged")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/failed before it had findings/) });
  });

  it("retries throttled calls (standard mode) and completes", async () => {
    fake.update({ throttle: { failFirst: 3, regions: ["eu-west-1"], actions: ["DescribeInstances"] } });
    const { audit } = await store.start(req({ regions: ["eu-west-1"] }), "alice");
    const done = await finished(audit.id);
    expect(done.regions[0]).toMatchObject({ region: "eu-west-1", status: "ok", total: 40 });
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBeGreaterThanOrEqual(4);
  });

  it("never stores credentials: not in regions, errors or findings", async () => {
    fake.update({ regionFailures: { "eu-west-1": "AuthFailure" } });
    const { audit } = await store.start(req({ regions: ["eu-west-1", "ap-south-1"] }), "alice");
    await finished(audit.id);
    const row = await db.audit.findUniqueOrThrow({ where: { id: audit.id } });
    const stored = JSON.stringify(row) + gunzipSync((await blobs.get(row.findingsBlobKey!))!).toString("utf8");
    expect(stored).not.toContain(FAKE_CREDENTIALS.accessKeyId);
    expect(stored).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
  });
});

describe("progress", () => {
  it("is saved per region while the scan runs: queued, scanning with instances so far, then done", async () => {
    // Pages of 10 instances, 60 ms a call: us-east-1 takes 12 pages.
    fake.update({ latencyMs: 60, maxPageSize: 10 });
    const { audit } = await store.start(req({ regions: ["us-east-1", "eu-west-1", "ap-south-1"] }), "alice");
    expect(audit.regions.map((r) => r.status)).toEqual(["queued", "queued", "queued"]);
    const seen = new Set<string>();
    const scanning = await eventually(async () => {
      const now = await store.get(audit.id);
      for (const r of now.regions) seen.add(r.status);
      const r = now.regions.find((x) => x.region === "us-east-1");
      return now.status === "running" && r?.status === "scanning" && r.total > 0 && r.total < 120 && now;
    });
    expect(scanning.summary.instances).toBeLessThan(190);
    const done = await finished(audit.id);
    expect(done.regions.every((r) => r.status === "ok")).toBe(true);
    expect(seen).toContain("scanning");
  });

  it("writes at most one progress update per interval, not one per page", async () => {
    fake.update({ latencyMs: 5, maxPageSize: 5 });
    let writes = 0;
    const counting = new Proxy(db, {
      get(target, key) {
        if (key !== "audit") return Reflect.get(target, key);
        const audit = target.audit;
        return new Proxy(audit, {
          get(a, k) {
            // Progress writes (the regions so far); the claim's sweep of interrupted scans is not one.
            if (k === "updateMany")
              return (...args: Parameters<typeof audit.updateMany>) => ((writes += "regions" in (args[0]?.data ?? {}) ? 1 : 0), audit.updateMany(...args));
            return Reflect.get(a, k);
          },
        });
      },
    });
    const slowWrites = fakeStore({ db: counting, blobs }, fake.url, { progressIntervalMs: 250 });
    const started = Date.now();
    const { audit } = await slowWrites.start(req({ regions: ["us-east-1"], requiredTags: ["Team"] }), "alice");
    await slowWrites.idle();
    const elapsed = Date.now() - started;
    // Pages of 5: the first, then each instance-id slice's pages (at least 23 more).
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBeGreaterThanOrEqual(24);
    expect(writes).toBeLessThanOrEqual(Math.ceil(elapsed / 250) + 1);
    expect((await store.get(audit.id)).status).toBe("done");
  });
});

describe("joining", () => {
  it("gives a second start of the same scope the running audit; another scope starts its own", async () => {
    fake.update({ latencyMs: 40 });
    const [a, b] = await Promise.all([
      store.start(req({ regions: ["eu-west-1", "us-east-1"], requiredTags: ["Owner"] }), "alice"),
      store.start(req({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["owner"] }), "bob"),
    ]);
    expect(b.audit.id).toBe(a.audit.id);
    expect([a.joined, b.joined].sort()).toEqual([false, true]);
    const later = await store.start(req({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["OWNER"] }), "carol");
    expect(later).toMatchObject({ joined: true, audit: { id: a.audit.id, startedBy: "alice" } });

    const other = await store.start(req({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["Owner", "Team"] }), "carol");
    expect(other.audit.id).not.toBe(a.audit.id);
    expect(other.joined).toBe(false);

    await finished(a.audit.id);
    await store.idle();
    const again = await store.start(req({ regions: ["eu-west-1", "us-east-1"], requiredTags: ["Owner"] }), "alice");
    expect(again.audit.id).not.toBe(a.audit.id);
    expect(again.joined).toBe(false);
  });

  it("joins a scan another replica runs on the same database", async () => {
    fake.update({ latencyMs: 60, maxPageSize: 20 });
    const replica = fakeStore({ db, blobs }, fake.url);
    const first = await replica.start(req({ regions: ["us-east-1"] }), "alice");
    const second = await store.start(req({ regions: ["us-east-1"] }), "bob");
    expect(second).toMatchObject({ joined: true, audit: { id: first.audit.id } });
    await replica.idle();
  });
});

describe("stopping a scan", () => {
  it("cancels its calls, marks it stopped with who stopped it, keeps no findings, and frees its scope", async () => {
    fake.update({ latencyMs: 150, maxPageSize: 5 });
    const { audit } = await store.start(req({ regions: ["us-east-1", "eu-west-1"] }), "alice");
    await eventually(async () => fake.stats.calls("us-east-1", "DescribeInstances") > 0);
    const stopped = await store.stop(audit.id, "bob");
    expect(stopped).toMatchObject({ status: "stopped", findingsAvailable: false, finishedAt: expect.any(String) });
    expect(stopped.error).toMatch(/^stopped by bob before it finished/);
    // No call is made once it is stopped (calls sent before may still be on their way: let them
    // arrive and end first).
    await new Promise((resolve) => setTimeout(resolve, 200));
    await fake.idle();
    const calls = fake.stats.calls("us-east-1", "DescribeInstances");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(calls);
    await expect(store.findings(audit.id, "untagged")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/was stopped/) });
    await expect(store.stop(audit.id, "bob")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/not running \(it is stopped\)/) });
    // The same scope starts a new scan, not a join of the stopped one.
    fake.update({ latencyMs: 0, maxPageSize: undefined });
    const again = await store.start(req({ regions: ["us-east-1", "eu-west-1"] }), "alice");
    expect(again.joined).toBe(false);
    expect(again.audit.id).not.toBe(audit.id);
    expect((await finished(again.audit.id)).status).toBe("done");
  });

  it("marks a scan another replica runs stopped in the database, and that replica does not overwrite it", async () => {
    fake.update({ latencyMs: 100, maxPageSize: 20 });
    const replica = fakeStore({ db, blobs }, fake.url);
    const { audit } = await replica.start(req({ regions: ["us-east-1"] }), "alice");
    const stopped = await store.stop(audit.id, "bob");
    expect(stopped.status).toBe("stopped");
    await replica.idle();
    expect(await store.get(audit.id)).toMatchObject({ status: "stopped", findingsAvailable: false });
  });
});

describe("region sizes from the latest scan", () => {
  it("asks a region the latest finished scan found large for its slices at once", async () => {
    const big = generateFleet({ regions: ["us-east-1"], instancesPerRegion: [1500], seed: 9 });
    fake.update({ fleet: big, latencyMs: 100 });
    const { factory: recording, events } = recordInstanceCalls(fakeEc2ClientFactory(fake.url, { retryDelayMs: 2 }));
    const sizing = fakeStore({ db, blobs }, fake.url, { clientFactory: recording });
    // First: the first page, then the slices.
    await finished((await sizing.start(req({ regions: ["us-east-1"], requiredTags: ["Lane"] }), "alice")).audit.id, sizing);
    expect(events.slice(0, 3)).toEqual(["start", "end", "start"]);
    // Then, knowing the region is large: all 17 calls asked before any answers.
    events.length = 0;
    await finished((await sizing.start(req({ regions: ["us-east-1"], requiredTags: ["Lane"] }), "alice")).audit.id, sizing);
    expect(events.join(" ")).toBe(sideBySide(17));
  });
});

describe("deleting an audit", () => {
  it("removes a finished audit and its findings; a running one must be stopped first", async () => {
    const { audit } = await store.start(req({ regions: ["eu-west-1"], requiredTags: ["Project"] }), "alice");
    await finished(audit.id);
    const row = await db.audit.findUniqueOrThrow({ where: { id: audit.id } });
    expect(await blobs.exists(row.findingsBlobKey!)).toBe(true);
    expect((await store.delete(audit.id)).id).toBe(audit.id);
    expect(await blobs.exists(row.findingsBlobKey!)).toBe(false);
    await expect(store.get(audit.id)).rejects.toMatchObject({ status: 404 });
    expect((await store.list()).some((a) => a.id === audit.id)).toBe(false);
    await expect(store.delete(audit.id)).rejects.toMatchObject({ status: 404 });

    fake.update({ latencyMs: 200 });
    const running = await store.start(req({ regions: ["eu-west-1"], requiredTags: ["Project"] }), "alice");
    await expect(store.delete(running.audit.id)).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/stop it first/) });
    await store.stop(running.audit.id, "alice");
    await store.delete(running.audit.id);
    await expect(store.get(running.audit.id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("interrupted scans", () => {
  const orphan = (id: string, heartbeatAt: Date | null) =>
    db.audit.create({
      data: { id, status: "running", scopeKey: `orphan-${id}`, startedBy: "alice", regionsRequested: "all", requiredTags: ["Owner"], regions: [], heartbeatAt },
    });

  it("marks a running audit with a stale heartbeat interrupted when it is read", async () => {
    await orphan("stale-1", new Date(Date.now() - 10 * 60_000));
    await orphan("fresh-1", new Date());
    const list = await store.list();
    expect(list.find((a) => a.id === "stale-1")).toMatchObject({ status: "interrupted", error: INTERRUPTED_MESSAGE, finishedAt: expect.any(String) });
    expect(list.find((a) => a.id === "fresh-1")?.status).toBe("running");
    await expect(store.findings("stale-1", "untagged")).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/was interrupted/) });
  });

  it("at boot (SQLite: this process only) marks every running audit it does not run, never its own", async () => {
    fake.update({ latencyMs: 80 });
    const mine = await store.start(req({ regions: ["ap-south-1"] }), "alice");
    await orphan("fresh-2", new Date());
    expect(await store.markInterrupted({ everyOther: true })).toBeGreaterThanOrEqual(1);
    expect((await store.get("fresh-2")).status).toBe("interrupted");
    expect((await store.get(mine.audit.id)).status).toBe("running");
    expect((await finished(mine.audit.id)).status).toBe("done");
  });

  it("answers 404 for an unknown id", async () => {
    await expect(store.get("no-such-audit")).rejects.toMatchObject({ status: 404, message: expect.stringMatching(/no audit with id no-such-audit/) });
  });
});

describe("compare and export", () => {
  let base: AuditDto;
  let target: AuditDto;
  beforeAll(async () => {
    const s = fakeStore({ db, blobs }, fake.url);
    base = await finished((await s.start(req({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["Owner"] }), "alice")).audit.id, s);
    fake.update({ regionFailures: { "eu-west-1": "UnauthorizedOperation" } });
    target = await finished((await s.start(req({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["Owner", "Environment"] }), "alice")).audit.id, s);
    fake.update({ regionFailures: undefined });
  });

  it("lists new, resolved, unchanged and unknown findings between two audits", async () => {
    const diff = await store.compare(base.id, target.id);
    expect(diff.base.id).toBe(base.id);
    expect(diff.counts.new).toBeGreaterThan(0);
    // New: instances of us-east-1 that have an Owner but no Environment.
    expect(diff.new.every((r) => r.kind === "untagged" && r.region === "us-east-1" && r.missingTags!.includes("Environment"))).toBe(true);
    // Unknown: everything of eu-west-1, which the target could not read.
    expect(diff.counts.unknown).toBeGreaterThan(0);
    expect(diff.unknown.every((r) => r.region === "eu-west-1")).toBe(true);
    expect(diff.resolved).toEqual([]);
    const open = diff.unchanged.filter((r) => r.kind === "open-ingress");
    expect(open.length).toBeGreaterThan(0);
    expect(open[0]!.permission).toMatchObject({ groupId: expect.stringMatching(/^sg-/), cidr: expect.any(String), severity: expect.any(String) });
    expect(diff.counts.unchanged).toBe(diff.unchanged.length);
  });

  it("exports each table as CSV and JSON", async () => {
    const csv = await store.export(base.id, "open-ingress", "csv");
    expect(csv.contentType).toBe("text/csv; charset=utf-8");
    expect(csv.fileName).toMatch(new RegExp(`^audit-\\d{4}-\\d{2}-\\d{2}-${base.id.slice(0, 8)}-open-ingress\\.csv$`));
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe("account,accountName,region,instanceId,name,state,groupId,groupName,protocol,fromPort,toPort,cidr,severity,firstSeenAt,isNew,suppressedBy");
    const permissions = (await store.findings(base.id, "open-ingress")).flatMap((f) => f.permissions);
    expect(lines.length - 1).toBe(permissions.length);

    const json = JSON.parse((await store.export(base.id, "untagged", "json")).body) as { kind: string; count: number };
    expect(json).toMatchObject({ kind: "untagged", count: base.summary.untagged });

    const regions = (await store.export(target.id, "regions", "csv")).body.trim().split("\r\n");
    expect(regions[0]).toBe("account,accountName,region,status,total,running,untagged,openIngress,durationMs,errorCode,error");
    expect(regions.find((l) => l.startsWith("self,,eu-west-1"))).toMatch(/^self,,eu-west-1,error,0,0,0,0,\d+,UnauthorizedOperation,UnauthorizedOperation: /);
  });
});
