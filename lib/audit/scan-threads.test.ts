import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateFleet, REGION_NAMES, startFakeEc2, type FakeEc2Server } from "../../fakes/ec2";
import { startFakeSts, type FakeStsServer } from "../../fakes/sts";
import { scanAccounts } from "./scan-accounts";
import { scanAccountsOnThreads } from "./scan-threads";
import { FAKE_CREDENTIALS } from "../../fakes/ec2/client-factory";
import type { RegionUpdate } from "./scan-types";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ids = ["111111111111", "222222222222", "333333333333"];
const regions = REGION_NAMES.slice(0, 3);
let ec2: FakeEc2Server;
let sts: FakeStsServer;
const saved = { ...process.env };

beforeAll(async () => {
  const accounts = Object.fromEntries(
    ids.slice(0, 2).map((id, i) => [id, generateFleet({ regions, instancesPerRegion: (_, r) => (i === 1 && r === 0 ? 1500 : 5), seed: i + 1, ownerId: id })]),
  );
  ec2 = await startFakeEc2({ fleet: { ownerId: "000000000000", regions: [] }, accounts, latencyMs: 20, port: 0 });
  // The third account's role is denied.
  sts = await startFakeSts({ accounts: [...ids.slice(0, 2).map((accountId) => ({ accountId })), { accountId: ids[2]!, denied: true }] });
  // The threads use the SDK's chains, as the server does: the fakes through the environment.
  Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: ec2.url, AWS_ENDPOINT_URL_STS: sts.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: FAKE_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_CREDENTIALS.secretAccessKey, AWS_EC2_METADATA_DISABLED: "true" });
});

afterAll(async () => {
  process.env = saved;
  await ec2?.close();
  await sts?.close();
});

const targets = ids.map((accountId) => ({ accountId, name: `team-${accountId.slice(0, 1)}`, roleArn: `arn:aws:iam::${accountId}:role/Audit` }));
const request = { accounts: targets, regions: "all" as const, requiredTags: ["Owner"], concurrency: 2, accountConcurrency: 2, earlierInstanceCounts: { [ids[1]!]: { [regions[0]!]: 1500 } } };

describe("scanAccountsOnThreads", () => {
  it("gives what scanAccounts gives here, with its progress, within the bounds (the busiest account alone on a thread)", async () => {
    const updates: [string, string, RegionUpdate["status"]][] = [];
    const failed: string[] = [];
    ec2.stats.reset();
    const threaded = await scanAccountsOnThreads({ ...request, onRegionUpdate: (a, r, u) => updates.push([a, r, u.status]), onAccountFailed: (row) => failed.push(row.account) });
    const maxInFlight = Math.max(...ec2.stats.maxInFlightByAccount.values());
    const here = await scanAccounts(request);
    // A sliced region's pages arrive in any order: its findings are compared as sets.
    const byId = <T extends { account: string; instanceId: string }>(list: T[]) => [...list].sort((a, b) => `${a.account}${a.instanceId}`.localeCompare(`${b.account}${b.instanceId}`));
    const strip = (r: typeof here) => ({ ...r, untagged: byId(r.untagged), openIngress: byId(r.openIngress), startedAt: "", finishedAt: "", summary: { ...r.summary, durationMs: 0 }, regions: r.regions.map((x) => ({ ...x, durationMs: 0 })), accounts: r.accounts.map((x) => ({ ...x, durationMs: 0 })) });
    expect(strip(threaded)).toEqual(strip(here));
    expect(threaded.accounts.map((a) => [a.accountId, a.status])).toEqual([[ids[0], "ok"], [ids[1], "ok"], [ids[2], "error"]]);
    expect(threaded.summary.instances).toBe(1500 + 2 * 5 + 3 * 5);
    expect(failed).toEqual([ids[2]]);
    for (const id of ids.slice(0, 2)) for (const region of regions) expect(updates).toContainEqual([id, region, "done"]);
    // Two regions at once per account, 17 calls per region at most.
    expect(maxInFlight).toBeLessThanOrEqual(2 * 17);
  }, 30_000);

  it("rejects with the signal's reason when aborted mid-scan", async () => {
    const controller = new AbortController();
    const reason = new Error("stopped by a test");
    const scan = scanAccountsOnThreads({ ...request, signal: controller.signal, onRegionUpdate: (_a, _r, u) => u.status === "scanning" && controller.abort(reason) });
    await expect(scan).rejects.toBe(reason);
  }, 30_000);
});
