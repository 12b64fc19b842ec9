// Organisation scans through the unmodified SDK: STS AssumeRole on the fake STS (fakes/sts), then
// each account's fleet on the fake EC2 endpoint, which tells accounts apart by the access key id
// the fake STS issued.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeEc2ClientFactory, FAKE_CREDENTIALS } from "../../fakes/ec2/client-factory";
import { generateFleet } from "../../fakes/ec2/generate-fleet";
import { startFakeEc2, type FakeEc2Server } from "../../fakes/ec2/server";
import { startFakeSts, type FakeStsServer } from "../../fakes/sts";
import { clearRegionCache } from "./region-list";
import { scanAccounts, WHOLE_ACCOUNT, type AccountScanOptions } from "./scan-accounts";
import type { Ec2ClientFactory } from "./scan-types";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const A = "111111111111";
const B = "222222222222";
const DENIED = "333333333333";
const SUSPENDED = "444444444444";
const role = (account: string, name = "FleetscopeAudit") => `arn:aws:iam::${account}:role/${name}`;

const fleets = {
  [A]: generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [40, 20], seed: 1, ownerId: A }),
  [B]: generateFleet({ regions: ["us-east-1", "ap-south-1", "sa-east-1"], instancesPerRegion: [15, 30, 5], failures: { "sa-east-1": "UnauthorizedOperation" }, seed: 2, ownerId: B }),
};
const own = generateFleet({ regions: ["us-east-1"], instancesPerRegion: [7], seed: 3 });

let ec2: FakeEc2Server;
let sts: FakeStsServer;

const scan = (options: Partial<AccountScanOptions> = {}) =>
  scanAccounts({
    accounts: [
      { accountId: A, name: "prod", roleArn: role(A) },
      { accountId: B, name: "staging", roleArn: role(B), externalId: "xyz" },
    ],
    regions: "all",
    requiredTags: ["Owner"],
    homeRegion: "us-east-1",
    clientFactory: fakeEc2ClientFactory(ec2.url, { retryDelayMs: 2 }),
    assumeRole: { stsClientConfig: { endpoint: sts.url, region: "us-east-1", credentials: { ...FAKE_CREDENTIALS } } },
    ...options,
  });

beforeAll(async () => {
  ec2 = await startFakeEc2({ fleet: own, accounts: fleets, port: 0 });
  sts = await startFakeSts({
    accounts: [
      { accountId: A, roleNames: ["FleetscopeAudit"] },
      { accountId: B, externalId: "xyz" },
      { accountId: DENIED, denied: true },
      { accountId: SUSPENDED, suspended: true },
    ],
  });
});
afterAll(async () => {
  await ec2.close();
  await sts.close();
});
beforeEach(async () => {
  await ec2.idle();
  clearRegionCache();
  ec2.update({ latencyMs: 0, maxPageSize: undefined });
  sts.update({ throttle: undefined, expireEarlyMs: undefined, latencyMs: 0 });
  ec2.stats.reset();
  sts.stats.reset();
});

describe("scanAccounts", () => {
  it("assumes each account's role once and labels every region and finding with its account", async () => {
    const result = await scan();
    expect(result.accounts.map((a) => [a.accountId, a.status])).toEqual([[A, "ok"], [B, "ok"]]);
    expect(sts.stats.byAccount).toEqual({ [A]: 1, [B]: 1 });
    const places = result.regions.map((r) => `${r.account}/${r.region}/${r.status}`).sort();
    expect(places).toEqual([`${A}/eu-west-1/ok`, `${A}/us-east-1/ok`, `${B}/ap-south-1/ok`, `${B}/sa-east-1/error`, `${B}/us-east-1/ok`]);
    expect(result.summary).toMatchObject({ instances: 40 + 20 + 15 + 30, accounts: 2, failedAccounts: 0, failedRegions: 1 });
    // Each account's own fleet: A's us-east-1 has 40 instances, B's 15.
    expect(result.regions.find((r) => r.account === A && r.region === "us-east-1")?.total).toBe(40);
    expect(result.regions.find((r) => r.account === B && r.region === "us-east-1")?.total).toBe(15);
    expect(new Set(result.untagged.map((f) => f.account))).toEqual(new Set([A, B]));
    expect(result.untagged.every((f) => typeof f.tags === "object" && Array.isArray(f.groupIds))).toBe(true);
    expect(ec2.stats.accountCalls(own.ownerId)).toBe(0);
  });

  it("reports a denied role and a suspended account as one failed row each with STS's reason; the others complete", async () => {
    const result = await scan({
      accounts: [
        { accountId: A, roleArn: role(A) },
        { accountId: DENIED, roleArn: role(DENIED) },
        { accountId: SUSPENDED, roleArn: role(SUSPENDED) },
      ],
    });
    expect(result.accounts.map((a) => a.status)).toEqual(["ok", "error", "error"]);
    const denied = result.regions.find((r) => r.account === DENIED)!;
    expect(denied).toMatchObject({ region: WHOLE_ACCOUNT, status: "error", error: { code: "AccessDenied", httpStatus: 403 } });
    expect(denied.error?.message).toContain(`sts:AssumeRole on resource: ${role(DENIED)}`);
    const suspended = result.regions.find((r) => r.account === SUSPENDED)!;
    expect(suspended.error?.message).toMatch(/suspended/);
    expect(result.summary).toMatchObject({ accounts: 3, failedAccounts: 2, instances: 60 });
  });

  it("fails an account whose external id or role name is wrong, and never puts credentials in the reason", async () => {
    const result = await scan({ accounts: [{ accountId: B, roleArn: role(B), externalId: "wrong" }, { accountId: A, roleArn: role(A, "Other") }] });
    expect(result.accounts.map((a) => a.error?.code)).toEqual(["AccessDenied", "AccessDenied"]);
    expect(JSON.stringify(result)).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
  });

  it("retries a throttled AssumeRole (standard mode) and completes", async () => {
    sts.update({ throttle: { failFirst: 2, accounts: [A] } });
    const result = await scan({ accounts: [{ accountId: A, roleArn: role(A) }] });
    expect(result.accounts[0]).toMatchObject({ status: "ok" });
    expect(sts.stats.byAccount[A]).toBe(3);
  });

  it("survives credentials that expire mid-scan: ExpiredToken makes the account's credentials renew and the call go again", async () => {
    sts.update({ expireEarlyMs: 120 });
    ec2.update({ latencyMs: 40, maxPageSize: 5 });
    const result = await scan({ accounts: [{ accountId: A, roleArn: role(A) }], concurrency: 1 });
    expect(result.regions.map((r) => [r.region, r.status, r.total])).toEqual([["eu-west-1", "ok", 20], ["us-east-1", "ok", 40]]);
    expect(sts.stats.byAccount[A]).toBeGreaterThan(1);
    expect(ec2.stats.errors()).toBeGreaterThan(0);
  });

  it("renews credentials before they expire, so no call meets ExpiredToken", async () => {
    ec2.update({ latencyMs: 40, maxPageSize: 5 });
    // Credentials of 3600 s treated as due for renewal 150 ms after they are issued.
    const result = await scan({
      accounts: [{ accountId: A, roleArn: role(A) }],
      concurrency: 1,
      assumeRole: { stsClientConfig: { endpoint: sts.url, region: "us-east-1", credentials: { ...FAKE_CREDENTIALS } }, refreshBeforeMs: 3600_000 - 150 },
    });
    expect(result.regions.every((r) => r.status === "ok")).toBe(true);
    expect(sts.stats.byAccount[A]).toBeGreaterThan(1);
    expect(ec2.stats.errors()).toBe(0);
  });

  it("keeps to its bounds: accounts at once, and regions at once within each account", async () => {
    ec2.update({ latencyMs: 30 });
    sts.update({ latencyMs: 30 });
    const many = Array.from({ length: 6 }, (_, i) => ({ accountId: i % 2 ? B : A, roleArn: role(i % 2 ? B : A), externalId: "xyz" }));
    await scan({ accounts: many, accountConcurrency: 2, concurrency: 1, securityGroups: "referenced" });
    expect(sts.stats.maxInFlight).toBeLessThanOrEqual(2);
    // Two accounts at once, one region each at a time, one call at a time per region (referenced groups come after instances).
    expect(ec2.stats.maxInFlight).toBeLessThanOrEqual(2);
    expect(ec2.stats.maxInFlight).toBeGreaterThanOrEqual(2);
  });

  it("scans with the server's own credentials when no role is given, labelled self", async () => {
    const result = await scan({ accounts: [{ accountId: "self" }] });
    expect(result.regions.map((r) => [r.account, r.region, r.total])).toEqual([["self", "us-east-1", 7]]);
    expect(sts.stats.calls).toBe(0);
  });

  it("keeps each account's clients for its next scans, which still assume the role afresh", async () => {
    const made: string[] = [];
    const fake = fakeEc2ClientFactory(ec2.url, { retryDelayMs: 2 });
    const counting: Ec2ClientFactory = (region, defaults) => (made.push(region), fake(region, defaults));
    const first = await scan({ clientFactory: counting });
    const second = await scan({ clientFactory: counting });
    // A: us-east-1 (also its DescribeRegions) and eu-west-1; B: us-east-1, ap-south-1, sa-east-1: made once each.
    expect(made.sort()).toEqual(["ap-south-1", "eu-west-1", "sa-east-1", "us-east-1", "us-east-1"]);
    expect(sts.stats.byAccount).toEqual({ [A]: 2, [B]: 2 });
    expect(second.summary).toEqual({ ...first.summary, durationMs: second.summary.durationMs });
    expect(second.regions.find((r) => r.account === B && r.region === "us-east-1")?.total).toBe(15);
  });

  it("starts the account whose region was largest in the earlier scan first, and its largest region first", async () => {
    const started: string[] = [];
    await scan({
      accountConcurrency: 1,
      concurrency: 1,
      earlierInstanceCounts: { [A]: { "us-east-1": 40, "eu-west-1": 20 }, [B]: { "us-east-1": 15, "ap-south-1": 900, "sa-east-1": 5 } },
      onRegionUpdate: (account, region, update) => {
        if (update.status === "scanning" && update.instances === 0) started.push(`${account}/${region}`);
      },
    });
    expect(started).toEqual([`${B}/ap-south-1`, `${B}/us-east-1`, `${B}/sa-east-1`, `${A}/us-east-1`, `${A}/eu-west-1`]);
  });
});
