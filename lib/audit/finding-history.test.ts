import { describe, expect, it } from "vitest";
import { loadHistory, stampFirstSeen, type EarlierScan } from "./finding-history";
import type { OpenIngressPermission } from "./rules/open-ingress";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

const untagged = (instanceId: string, account = "111111111111", region = "eu-west-1"): UntaggedFinding => ({
  account, region, instanceId, name: null, state: "running", tags: {}, groupIds: [], missingTags: ["Owner"],
});
const rule = (groupId: string, fromPort = 22): OpenIngressPermission => ({ groupId, groupName: groupId, protocol: "tcp", fromPort, toPort: fromPort, cidr: "0.0.0.0/0", severity: "critical" });
const open = (instanceId: string, permissions: OpenIngressPermission[]): OpenIngressFinding => ({
  account: "111111111111", region: "eu-west-1", instanceId, name: null, state: "running", tags: {}, groupIds: permissions.map((p) => p.groupId), permissions,
});
const ok = (account = "111111111111", region = "eu-west-1") => ({ account, region, status: "ok" });
const failed = (account = "111111111111", region = "eu-west-1") => ({ account, region, status: "error" });

/** Scans in time order, each stamped from the ones before it (as the store does when a scan ends). */
function history(scans: { at: string; regions: EarlierScan["regions"]; untagged?: UntaggedFinding[]; openIngress?: OpenIngressFinding[] }[]) {
  const done: EarlierScan[] = [];
  for (const scan of scans) {
    const stamped = stampFirstSeen({ startedAt: scan.at, untagged: scan.untagged ?? [], openIngress: scan.openIngress ?? [] }, [...done].reverse());
    done.push({ startedAt: scan.at, regions: scan.regions, ...stamped });
  }
  return done.map((scan) => scan as EarlierScan & ReturnType<typeof stampFirstSeen>);
}

describe("first seen and new", () => {
  it("the first scan of a scope: nothing is new, everything is first seen now (unknown)", () => {
    const [first] = history([{ at: "2026-12-01T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001")] }]);
    expect(first!.untagged[0]).toMatchObject({ firstSeenAt: "2026-12-01T00:00:00Z", isNew: false, newness: "unknown" });
  });

  it("keeps the first-seen time across scans and marks what appeared since the previous scan as new", () => {
    const [, second, third] = history([
      { at: "2026-12-01T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001")] },
      { at: "2026-12-02T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001"), untagged("i-00000002")] },
      { at: "2026-12-03T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001"), untagged("i-00000002")] },
    ]);
    expect(second!.untagged.map((f) => [f.instanceId, f.firstSeenAt, f.newness])).toEqual([
      ["i-00000001", "2026-12-01T00:00:00Z", "seen"],
      ["i-00000002", "2026-12-02T00:00:00Z", "new"],
    ]);
    expect(third!.untagged.map((f) => [f.firstSeenAt, f.isNew])).toEqual([["2026-12-01T00:00:00Z", false], ["2026-12-02T00:00:00Z", false]]);
  });

  it("a finding that disappears and comes back is new again, first seen when it came back", () => {
    const scans = history([
      { at: "2026-12-01T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001")] },
      { at: "2026-12-02T00:00:00Z", regions: [ok()], untagged: [] },
      { at: "2026-12-03T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001")] },
    ]);
    expect(scans[2]!.untagged[0]).toMatchObject({ firstSeenAt: "2026-12-03T00:00:00Z", isNew: true, newness: "new" });
  });

  it("a region that failed in the older scan: its findings are unknown, not new; one seen before the failure keeps its time", () => {
    const scans = history([
      { at: "2026-12-01T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001")] },
      { at: "2026-12-02T00:00:00Z", regions: [failed()], untagged: [] },
      { at: "2026-12-03T00:00:00Z", regions: [ok()], untagged: [untagged("i-00000001"), untagged("i-00000002")] },
    ]);
    expect(scans[2]!.untagged.map((f) => [f.instanceId, f.firstSeenAt, f.newness, f.isNew])).toEqual([
      ["i-00000001", "2026-12-01T00:00:00Z", "seen", false],
      ["i-00000002", "2026-12-03T00:00:00Z", "unknown", false],
    ]);
  });

  it("an account added between two scans: its findings are unknown, not new; the other account's new ones are new", () => {
    const B = "222222222222";
    const scans = history([
      { at: "2026-12-01T00:00:00Z", regions: [ok()], untagged: [] },
      { at: "2026-12-02T00:00:00Z", regions: [ok(), ok(B)], untagged: [untagged("i-00000001"), untagged("i-00000002", B)] },
    ]);
    expect(scans[1]!.untagged.map((f) => [f.account, f.newness])).toEqual([["111111111111", "new"], [B, "unknown"]]);
  });

  it("open ingress is tracked per rule: a rule newly opened on a known instance is new, and makes the finding new", () => {
    const scans = history([
      { at: "2026-12-01T00:00:00Z", regions: [ok()], openIngress: [open("i-00000001", [rule("sg-00000001", 443)])] },
      { at: "2026-12-02T00:00:00Z", regions: [ok()], openIngress: [open("i-00000001", [rule("sg-00000001", 443), rule("sg-00000002", 22)])] },
    ]);
    const finding = scans[1]!.openIngress[0]!;
    expect(finding.permissions.map((p) => [p.groupId, p.newness])).toEqual([["sg-00000001", "seen"], ["sg-00000002", "new"]]);
    expect(finding).toMatchObject({ isNew: true, firstSeenAt: "2026-12-01T00:00:00Z" });
  });

  it("findings stored before first-seen times existed count as first seen at their scan's start", () => {
    const { account: _none, ...before } = untagged("i-00000001");
    const old: EarlierScan = { startedAt: "2026-11-01T00:00:00Z", regions: [{ region: "eu-west-1", status: "ok" }], untagged: [before as UntaggedFinding], openIngress: [] };
    const now = stampFirstSeen({ startedAt: "2026-12-01T00:00:00Z", untagged: [untagged("i-00000001", "self")], openIngress: [] }, [old]);
    expect(now.untagged[0]).toMatchObject({ firstSeenAt: "2026-11-01T00:00:00Z", newness: "seen" });
  });

  it("loads only as many earlier scans as it takes to cover every place", async () => {
    const scan = (at: string, status: string): EarlierScan => ({ startedAt: at, regions: [{ account: "a", region: "r", status }], untagged: [], openIngress: [] });
    const all = [scan("3", "error"), scan("2", "ok"), scan("1", "ok")];
    expect((await loadHistory(["a/r"], all)).map((s) => s.startedAt)).toEqual(["3", "2"]);
    expect(await loadHistory(["a/r"], all, 1)).toHaveLength(1);
  });
});
