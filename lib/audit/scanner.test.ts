import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeEc2ClientFactory, FAKE_CREDENTIALS } from "../../fakes/ec2/client-factory";
import { recordInstanceCalls, sideBySide } from "../../fakes/ec2/call-recorder";
import { fakeInstance, fakeRegion, fakeSecurityGroup } from "../../fakes/ec2/fleet-builders";
import type { FakeFleet } from "../../fakes/ec2/fleet-types";
import { generateFleet } from "../../fakes/ec2/generate-fleet";
import { startFakeEc2, type FakeEc2Server } from "../../fakes/ec2/server";
import { clearRegionCache } from "./region-list";
import { ScanFailedError } from "./scan-error";
import type { RegionUpdate, ScanOptions } from "./scan-types";
import { scanFleet } from "./scanner";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const REQUIRED = ["Name", "Owner", "Environment", "CostCenter"];
let fake: FakeEc2Server;

/** Scans the fake with tiny retry delays; options override. */
const scan = (options: Partial<ScanOptions> = {}) =>
  scanFleet({
    regions: "all",
    requiredTags: REQUIRED,
    homeRegion: "us-east-1",
    clientFactory: fakeEc2ClientFactory(fake.url, { retryDelayMs: 2 }),
    ...options,
  });

const region = (result: Awaited<ReturnType<typeof scanFleet>>, name: string) => {
  const found = result.regions.find((r) => r.region === name);
  if (!found) throw new Error(`no ${name} in result`);
  return found;
};

beforeAll(async () => {
  fake = await startFakeEc2({ fleet: { ownerId: "1", regions: [] }, port: 0 });
});
afterAll(() => fake.close());
beforeEach(async () => {
  await fake.idle();
  clearRegionCache();
  fake.update({ throttle: undefined, latencyMs: 0, maxPageSize: undefined, regionFailures: undefined });
  fake.stats.reset();
});

describe("scanFleet: rules on a generated fleet", () => {
  const fleet = generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [60, 25], seed: 11 });
  beforeEach(() => fake.update({ fleet }));

  it("counts every instance in every state and running ones per region", async () => {
    const result = await scan();
    for (const fakeRegionData of fleet.regions) {
      const r = region(result, fakeRegionData.name);
      expect(r).toMatchObject({ status: "ok", total: fakeRegionData.instances.length });
      expect(r.running).toBe(fakeRegionData.instances.filter((i) => i.state === "running").length);
    }
    expect(result.summary).toMatchObject({ instances: 85, regionsScanned: 2, failedRegions: 0 });
    const states = new Set(result.untagged.concat().map((f) => f.state));
    expect(states.size).toBeGreaterThan(0);
  });

  it("applies the tag rule: no tags, empty Owner, lowercase owner", async () => {
    const result = await scan();
    const [noTags, emptyOwner, lowercaseOwner] = fleet.regions[0]!.instances;
    const byId = new Map(result.untagged.map((f) => [f.instanceId, f]));
    expect(byId.get(noTags!.instanceId)).toMatchObject({ region: "us-east-1", name: null, state: "running", missingTags: REQUIRED });
    expect(byId.get(emptyOwner!.instanceId)?.missingTags).toEqual(["Owner"]);
    expect(byId.has(lowercaseOwner!.instanceId)).toBe(false);
    expect(region(result, "us-east-1").untagged).toBe(result.untagged.filter((f) => f.region === "us-east-1").length);
  });

  it("applies the ingress rule through instance and network-interface groups", async () => {
    const result = await scan();
    const instances = fleet.regions[0]!.instances;
    const byName = new Map(result.openIngress.filter((f) => f.region === "us-east-1").map((f) => [f.name, f]));
    const ids = new Set(result.openIngress.map((f) => f.instanceId));

    expect(byName.get("eni-only")?.permissions).toEqual([
      expect.objectContaining({ groupName: "edge-eniOnly", protocol: "tcp", fromPort: 6379, toPort: 6379, cidr: "0.0.0.0/0", severity: "critical" }),
    ]);
    expect(byName.get("all-traffic")?.permissions.map((p) => [p.protocol, p.fromPort, p.severity])).toEqual([
      ["-1", null, "critical"],
      ["icmp", -1, "info"],
    ]);
    expect(byName.get("icmp-only")?.permissions.map((p) => p.severity)).toEqual(["info"]);
    expect(byName.get("ipv6-https")?.permissions).toEqual([expect.objectContaining({ cidr: "::/0", severity: "high" })]);
    expect(byName.get("db-range")?.permissions).toEqual([expect.objectContaining({ fromPort: 3000, toPort: 3400, severity: "critical" })]);
    // Egress-only 0.0.0.0/0, private, prefix lists and group references are not exposure.
    expect(ids.has(instances[1]!.instanceId)).toBe(false); // private only
    expect(ids.has(instances[2]!.instanceId)).toBe(false); // egress only
    // Terminated instances have no groups left; stopped ones still count.
    expect(byName.has("terminated")).toBe(false);
    expect(byName.get("stopped")?.state).toBe("stopped");
  });

  it("gives the same findings reading only the referenced groups", async () => {
    const all = await scan();
    fake.stats.reset();
    const referenced = await scan({ securityGroups: "referenced" });
    expect(referenced.openIngress).toEqual(all.openIngress);
    expect(referenced.untagged).toEqual(all.untagged);
    expect(fake.stats.calls("us-east-1", "DescribeSecurityGroups")).toBe(1);
  });
});

describe("scanFleet: paging", () => {
  it("follows every nextToken for instances and groups", async () => {
    const fleet = generateFleet({
      regions: ["us-east-1", "eu-west-1"],
      instancesPerRegion: [2600, 30],
      securityGroupsPerRegion: [1200, 20],
      seed: 2,
    });
    fake.update({ fleet });
    const result = await scan({ instanceSlices: false });
    expect(region(result, "us-east-1").total).toBe(2600);
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(3); // 1000 + 1000 + 600
    expect(fake.stats.calls("us-east-1", "DescribeSecurityGroups")).toBe(2); // 1000 + 200
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(1);
    expect(fake.stats.calls(undefined, "DescribeRegions")).toBe(1);
  });

  it("pages a region of more than one page in 16 instance-id slices side by side, each instance once", async () => {
    const fleet = generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [2600, 30], seed: 2 });
    fake.update({ fleet, latencyMs: 150 });
    const plain = await scan({ instanceSlices: false });
    fake.stats.reset();
    clearRegionCache();
    // When each DescribeInstances call of us-east-1 starts and ends, on the client side.
    const { factory: recording, events } = recordInstanceCalls(fakeEc2ClientFactory(fake.url, { retryDelayMs: 2 }), "us-east-1");
    const sliced = await scan({ clientFactory: recording });
    expect(region(sliced, "us-east-1").total).toBe(2600);
    // The first page (1000, with a nextToken), then 16 slices of about 160 instances: one page each,
    // all asked before any answers.
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(17);
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(1);
    expect(events.join(" ")).toBe(`start end ${sideBySide(16)}`);
    const ids = (result: typeof plain) => result.untagged.map((f) => `${f.region}/${f.instanceId}`).sort();
    expect(ids(sliced)).toEqual(ids(plain));
    expect(new Set(ids(sliced)).size).toBe(ids(sliced).length);
    expect(sliced.openIngress.length).toBe(plain.openIngress.length);
    expect(sliced.summary).toMatchObject({ ...plain.summary, durationMs: sliced.summary.durationMs });
  });

  it("asks a region an earlier scan found large for its slices at once, beside its first page", async () => {
    const fleet = generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [2600, 30], seed: 2 });
    fake.update({ fleet, latencyMs: 150 });
    const plain = await scan({ instanceSlices: false });
    clearRegionCache();
    fake.stats.reset();
    const { factory: recording, events } = recordInstanceCalls(fakeEc2ClientFactory(fake.url, { retryDelayMs: 2 }), "us-east-1");
    // eu-west-1 was small: read first page first, as ever (one call).
    const known = await scan({ clientFactory: recording, earlierInstanceCounts: { "us-east-1": 2500, "eu-west-1": 30 } });
    expect(region(known, "us-east-1").total).toBe(2600);
    // The first page and the 16 slices all asked before any answers: one round trip.
    expect(events.join(" ")).toBe(sideBySide(17));
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(1);
    const ids = (result: typeof plain) => result.untagged.map((f) => `${f.region}/${f.instanceId}`).sort();
    expect(ids(known)).toEqual(ids(plain));
    expect(known.summary).toMatchObject({ ...plain.summary, durationMs: known.summary.durationMs });
  });

  it("reads a region that shrank below one page in full even when it was known large", async () => {
    const odd = Array.from({ length: 3 }, (_, i) => fakeInstance(`legacy-${i}`));
    const hex = Array.from({ length: 20 }, (_, i) => fakeInstance(`i-0${i.toString(16).padStart(16, "0")}`));
    fake.update({ fleet: { ownerId: "1", regions: [fakeRegion("us-east-1", [...odd, ...hex], [])] } });
    const result = await scan({ requiredTags: ["Owner"], earlierInstanceCounts: { "us-east-1": 5000 } });
    expect(region(result, "us-east-1").total).toBe(23);
    expect(new Set(result.untagged.map((f) => f.instanceId)).size).toBe(23);
    // The first page (all 23, read in full: no next one) and the 16 slices; nothing more.
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(17);
  });

  it("pages a slice of more than one page, and pages the plain way too when ids fall outside the slices", async () => {
    const odd = Array.from({ length: 12 }, (_, i) => fakeInstance(`legacy-${i}`, { tags: { Name: `legacy ${i}` } }));
    const hex = Array.from({ length: 40 }, (_, i) => fakeInstance(`i-0${i.toString(16).padStart(16, "0")}`));
    fake.update({ fleet: { ownerId: "1", regions: [fakeRegion("us-east-1", [...odd, ...hex], [])] }, maxPageSize: 5 });
    const result = await scan({ requiredTags: ["Owner"] });
    expect(region(result, "us-east-1").total).toBe(52);
    expect(new Set(result.untagged.map((f) => f.instanceId)).size).toBe(52);
    // The first page (5 legacy ids, not read: only their ids), slice i-?0* in 8 pages, 15 empty
    // slices, then the plain chain from the start: 11 pages.
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(1 + 8 + 15 + 11);
  });

  it("follows pages shorter than asked", async () => {
    fake.update({ fleet: generateFleet({ regions: ["us-east-1"], instancesPerRegion: 230, securityGroupsPerRegion: 120, seed: 2 }), maxPageSize: 50 });
    const result = await scan({ instanceSlices: false });
    expect(result.summary.instances).toBe(230);
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(5);
    expect(fake.stats.calls("us-east-1", "DescribeSecurityGroups")).toBe(3);
  });

  it("reads referenced groups by group-id filter in chunks, paged", async () => {
    const groups = Array.from({ length: 450 }, (_, i) => fakeSecurityGroup(`sg-${i}`, []));
    const instances = groups.map((g, i) => fakeInstance(`i-${i}`, { groups: [g], tags: { Name: "x" } }));
    fake.update({ fleet: { ownerId: "1", regions: [fakeRegion("us-east-1", instances, groups)] }, maxPageSize: 150 });
    const result = await scan({ securityGroups: "referenced", requiredTags: [] });
    expect(result.summary.instances).toBe(450);
    // 3 chunks of at most 200 ids (200, 200, 50), cut into pages of 150: 2 + 2 + 1.
    expect(fake.stats.calls("us-east-1", "DescribeSecurityGroups")).toBe(5);
  });

  it("reads the region list once per 10 minutes per credentials scope", async () => {
    fake.update({ fleet: generateFleet({ regions: 2, instancesPerRegion: 3, seed: 1 }) });
    await scan();
    await scan();
    expect(fake.stats.calls(undefined, "DescribeRegions")).toBe(1);
    await scan({ clientFactory: fakeEc2ClientFactory(fake.url, { credentials: { accessKeyId: "AKIAOTHER", secretAccessKey: "x" } }) });
    expect(fake.stats.calls(undefined, "DescribeRegions")).toBe(2);
  });
});

describe("scanFleet: failures stay in their region", () => {
  const fleet: FakeFleet = generateFleet({
    regions: ["us-east-1", "eu-west-1", "ap-east-1", "me-south-1", "af-south-1"],
    instancesPerRegion: 20,
    notOptedIn: ["af-south-1"],
    failures: { "ap-east-1": "AuthFailure", "me-south-1": "UnauthorizedOperation" },
    seed: 4,
  });
  beforeEach(() => fake.update({ fleet }));

  it("reports AuthFailure and UnauthorizedOperation regions while the others complete", async () => {
    const result = await scan();
    expect(region(result, "ap-east-1")).toMatchObject({
      status: "error",
      total: 0,
      error: { code: "AuthFailure", httpStatus: 401, message: expect.stringContaining("validate the provided access credentials") },
    });
    expect(region(result, "me-south-1")).toMatchObject({
      status: "error",
      error: { code: "UnauthorizedOperation", httpStatus: 403 },
    });
    expect(region(result, "us-east-1")).toMatchObject({ status: "ok", total: 20 });
    expect(region(result, "eu-west-1")).toMatchObject({ status: "ok", total: 20 });
    expect(result.summary).toMatchObject({ failedRegions: 2, regionsScanned: 4, instances: 40 });
    // Access errors are not retried.
    expect(fake.stats.calls("ap-east-1", "DescribeInstances")).toBe(1);
    expect(fake.stats.calls("me-south-1", "DescribeInstances")).toBe(1);
  });

  it("skips not-opted-in regions unless asked", async () => {
    const skipped = await scan();
    expect(skipped.regions.map((r) => r.region)).not.toContain("af-south-1");
    expect(fake.stats.calls("af-south-1")).toBe(0);
    const included = await scan({ includeNotOptedIn: true });
    expect(region(included, "af-south-1")).toMatchObject({ status: "error", error: { code: "AuthFailure" } });
  });

  it("retries throttling and succeeds", async () => {
    fake.update({ throttle: { failFirst: 3 } });
    const result = await scan({ regions: ["us-east-1", "eu-west-1"] });
    expect(result.regions.every((r) => r.status === "ok")).toBe(true);
    expect(fake.stats.throttled("us-east-1", "DescribeInstances")).toBe(3);
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(4);
    expect(fake.stats.calls("us-east-1", "DescribeSecurityGroups")).toBe(4);
  });

  it("reports a region whose retries are exhausted while the others succeed", async () => {
    fake.update({ throttle: { failFirst: Infinity, regions: ["eu-west-1"], actions: ["DescribeInstances"] } });
    const result = await scan({ regions: ["us-east-1", "eu-west-1"], maxAttempts: 4 });
    expect(region(result, "eu-west-1")).toMatchObject({
      status: "error",
      error: { code: "RequestLimitExceeded", httpStatus: 503, attempts: 4, message: "Request limit exceeded. (gave up after 4 attempts)" },
    });
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(4);
    expect(region(result, "us-east-1").status).toBe("ok");
  });

  it("reports a timed-out region (SDK request timeout, retried)", async () => {
    fake.update({ latencyMs: ({ region: r }) => (r === "eu-west-1" ? 400 : 0) });
    const result = await scan({
      regions: ["us-east-1", "eu-west-1"],
      maxAttempts: 2,
      clientFactory: fakeEc2ClientFactory(fake.url, { retryDelayMs: 1, requestTimeoutMs: 60 }),
    });
    expect(region(result, "eu-west-1")).toMatchObject({ status: "error", error: { code: "TimeoutError", attempts: 2 } });
    await fake.idle();
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(2);
    expect(region(result, "us-east-1").status).toBe("ok");
  });

  it("stops a region that exceeds the region timeout", async () => {
    fake.update({ latencyMs: ({ region: r }) => (r === "eu-west-1" ? 300 : 0) });
    const result = await scan({ regions: ["us-east-1", "eu-west-1"], regionTimeoutMs: 80 });
    expect(region(result, "eu-west-1")).toMatchObject({ status: "error", error: { code: "RegionTimeout" } });
    expect(region(result, "eu-west-1").durationMs).toBeLessThan(250);
  });

  it("never puts credentials in errors", async () => {
    fake.update({ throttle: { failFirst: Infinity, regions: ["eu-west-1"] } });
    const result = await scan({ includeNotOptedIn: true, maxAttempts: 2 });
    const text = JSON.stringify(result);
    expect(result.summary.failedRegions).toBe(4);
    expect(text).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    expect(text).not.toContain(FAKE_CREDENTIALS.accessKeyId);
    for (const r of result.regions.filter((x) => x.error)) {
      expect(Object.keys(r.error!).sort()).toEqual(expect.arrayContaining(["code", "message"]));
      expect(r.error!.message).not.toMatch(/Signature|Credential=/);
    }
  });

  it("fails the whole scan when the region list cannot be read for regions 'all'", async () => {
    fake.update({ regionFailures: { "us-east-1": "UnauthorizedOperation" } });
    const failure = await scan().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ScanFailedError);
    expect((failure as ScanFailedError).info.code).toBe("UnauthorizedOperation");
    // An explicit list is still scanned.
    const listed = await scan({ regions: ["eu-west-1"] });
    expect(region(listed, "eu-west-1").status).toBe("ok");
  });

  it("reports unknown region names without calling them", async () => {
    const result = await scan({ regions: ["eu-west-1", "xx-nowhere-1", "eu-west-1"] });
    expect(result.regions.map((r) => [r.region, r.status, r.error?.code])).toEqual([
      ["eu-west-1", "ok", undefined],
      ["xx-nowhere-1", "error", "UnknownRegion"],
    ]);
    expect(fake.stats.calls("xx-nowhere-1")).toBe(0);
  });
});

describe("scanFleet: concurrency, progress, cancellation, environment", () => {
  const fleet = generateFleet({ regions: 6, instancesPerRegion: 12, seed: 9 });
  beforeEach(() => fake.update({ fleet }));

  it("scans at most `concurrency` regions at once (two calls each: instances and groups)", async () => {
    fake.update({ latencyMs: 50 });
    await scan({ concurrency: 2 });
    expect(fake.stats.maxInFlight).toBeLessThanOrEqual(4);
    fake.stats.reset();
    await scan({ concurrency: 6 });
    expect(fake.stats.maxInFlight).toBeGreaterThan(4);
  });

  it("reports progress per region: queued, scanning, done or error", async () => {
    fake.update({ regionFailures: { "us-west-1": "AuthFailure" }, maxPageSize: 5 });
    const updates: [string, RegionUpdate][] = [];
    await scan({ instanceSlices: false, onRegionUpdate: (r, u) => updates.push([r, u]) });
    const of = (name: string) => updates.filter(([r]) => r === name).map(([, u]) => u);
    expect(of("us-east-1").map((u) => (u.status === "scanning" ? `scanning:${u.instances}` : u.status))).toEqual([
      "queued",
      "scanning:0",
      "scanning:5",
      "scanning:10",
      "scanning:12",
      "done",
    ]);
    expect(of("us-west-1").at(-1)).toMatchObject({ status: "error", error: { code: "AuthFailure" } });
    // Every region is queued before any starts.
    expect(updates.slice(0, 6).every(([, u]) => u.status === "queued")).toBe(true);
  });

  it("survives a throwing progress listener", async () => {
    const result = await scan({ onRegionUpdate: () => { throw new Error("listener bug"); } });
    expect(result.summary.failedRegions).toBe(0);
  });

  it("rejects when the signal aborts and stops calling", async () => {
    await scan(); // the region list is cached now: the abort lands inside the first region
    await fake.idle();
    fake.stats.reset();
    fake.update({ latencyMs: 80 });
    const controller = new AbortController();
    // Abort once the first region's first call has arrived (a fixed delay misses it on a busy machine).
    const watch = setInterval(() => fake.stats.started > 0 && controller.abort(new Error("user cancelled")), 1);
    await expect(scan({ concurrency: 1, signal: controller.signal })).rejects.toThrow("user cancelled");
    clearInterval(watch);
    const startedAtAbort = fake.stats.started;
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(fake.stats.started).toBe(startedAtAbort);
    // The first region's instances and groups at most, nothing after.
    expect(startedAtAbort).toBeGreaterThanOrEqual(1);
    expect(startedAtAbort).toBeLessThanOrEqual(2);
  });

  it("validates its options", async () => {
    await expect(scan({ concurrency: 0 })).rejects.toThrow(RangeError);
    await expect(scan({ maxAttempts: 1.5 })).rejects.toThrow(RangeError);
  });

  it("uses the SDK's standard chain: AWS_ENDPOINT_URL_EC2, env credentials and AWS_REGION", async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_EC2: fake.url,
      AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey,
      AWS_REGION: "eu-west-1",
    });
    try {
      const result = await scanFleet({ regions: "all", requiredTags: ["Owner"] });
      expect(result.summary).toMatchObject({ regionsScanned: 6, failedRegions: 0, instances: 72 });
      expect(fake.stats.calls("eu-west-1", "DescribeRegions")).toBe(1);
    } finally {
      for (const key of ["AWS_ENDPOINT_URL_EC2", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"]) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
  });
});
