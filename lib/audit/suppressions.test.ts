import { describe, expect, it } from "vitest";
import type { SeenOpenIngress, SeenUntagged } from "./finding-history";
import { applySuppressions, suppressionRequestSchema, type Suppression } from "./suppressions";

const seen = { firstSeenAt: "2026-12-01T00:00:00Z", isNew: false, newness: "seen" as const };
const host = (instanceId: string, extra: Partial<SeenUntagged> = {}): SeenUntagged => ({
  account: "111111111111", region: "eu-west-1", instanceId, name: null, state: "running", tags: { Role: "bastion" }, groupIds: ["sg-0000000a"], missingTags: ["Owner"], ...seen, ...extra,
});
const rule = (groupId: string, fromPort: number) => ({ groupId, groupName: groupId, protocol: "tcp", fromPort, toPort: fromPort, cidr: "0.0.0.0/0", severity: "critical" as const, ...seen });
const exposed = (instanceId: string, isNew = false): SeenOpenIngress => ({
  ...host(instanceId),
  permissions: [rule("sg-0000000a", 22), { ...rule("sg-0000000b", 3306), isNew, newness: isNew ? "new" : "seen" }],
});
const suppression = (id: string, match: Suppression["match"], expiresAt: string | null = null): Suppression => ({ id, match, reason: "intended", createdBy: "alice", createdAt: "2026-12-01T00:00:00Z", expiresAt });

const at = (iso: string) => Date.parse(iso);

describe("suppressions", () => {
  it("mute by instance id, tag key=value, account, region, or a combination (every field must match)", () => {
    const findings = { untagged: [host("i-00000001"), host("i-00000002", { tags: {} }), host("i-00000003", { region: "us-east-1" })], openIngress: [] };
    const mute = (match: Suppression["match"]) => applySuppressions(findings, [suppression("s1", match)]).mutedUntagged.map((f) => f.instanceId);
    expect(mute({ instanceId: "i-00000002" })).toEqual(["i-00000002"]);
    expect(mute({ tag: "Role=bastion" })).toEqual(["i-00000001", "i-00000003"]);
    expect(mute({ tag: "Role=web" })).toEqual([]);
    expect(mute({ account: "111111111111" })).toHaveLength(3);
    expect(mute({ account: "222222222222" })).toEqual([]);
    expect(mute({ region: "us-east-1" })).toEqual(["i-00000003"]);
    expect(mute({ tag: "Role=bastion", region: "eu-west-1" })).toEqual(["i-00000001"]);
    expect(mute({ groupId: "sg-0000000a" })).toHaveLength(3);
  });

  it("a muted finding carries the suppression's id; the others carry null", () => {
    const out = applySuppressions({ untagged: [host("i-00000001"), host("i-00000002")], openIngress: [] }, [suppression("s9", { instanceId: "i-00000001" })]);
    expect(out.mutedUntagged.map((f) => f.suppressedBy)).toEqual(["s9"]);
    expect(out.untagged.map((f) => f.suppressedBy)).toEqual([null]);
  });

  it("a group id mutes only that group's open rules: the instance's other open rule still counts", () => {
    const out = applySuppressions({ untagged: [], openIngress: [exposed("i-00000001", true)] }, [suppression("s1", { groupId: "sg-0000000a" })]);
    expect(out.openIngress.map((f) => f.permissions.map((p) => p.groupId))).toEqual([["sg-0000000b"]]);
    expect(out.openIngress[0]).toMatchObject({ isNew: true, suppressedBy: null });
    expect(out.mutedOpenIngress.map((f) => [f.suppressedBy, f.permissions.map((p) => p.groupId), f.isNew])).toEqual([["s1", ["sg-0000000a"], false]]);
    const whole = applySuppressions({ untagged: [], openIngress: [exposed("i-00000001")] }, [suppression("s2", { instanceId: "i-00000001" })]);
    expect(whole.openIngress).toEqual([]);
    expect(whole.mutedOpenIngress[0]?.permissions).toHaveLength(2);
  });

  it("a suppression that expires between two scans mutes the first and not the second, by itself", () => {
    const findings = { untagged: [host("i-00000001")], openIngress: [] };
    const expiring = [suppression("s1", { instanceId: "i-00000001" }, "2026-12-02T12:00:00Z")];
    expect(applySuppressions(findings, expiring, at("2026-12-02T00:00:00Z")).mutedUntagged).toHaveLength(1);
    const later = applySuppressions(findings, expiring, at("2026-12-03T00:00:00Z"));
    expect(later.mutedUntagged).toHaveLength(0);
    expect(later.untagged.map((f) => f.suppressedBy)).toEqual([null]);
  });

  it("validates a suppression: at least one field, ids and tags of the right shape, a reason, a future expiry", () => {
    const parse = (body: unknown) => suppressionRequestSchema.safeParse(body);
    expect(parse({ match: { tag: "Role=bastion" }, reason: "public bastion" }).success).toBe(true);
    expect(parse({ match: { tag: "Env=" }, reason: "x", expiresAt: "2099-01-01T00:00:00Z" }).success).toBe(true);
    expect(parse({ match: {}, reason: "x" }).error?.issues[0]?.message).toMatch(/at least one/);
    expect(parse({ match: { instanceId: "web-1" }, reason: "x" }).error?.issues[0]?.message).toMatch(/not an instance id/);
    expect(parse({ match: { tag: "novalue" }, reason: "x" }).error?.issues[0]?.message).toMatch(/key=value/);
    expect(parse({ match: { account: "123" }, reason: "x" }).error?.issues[0]?.message).toMatch(/12 digits/);
    expect(parse({ match: { region: "eu-west-1" }, reason: " " }).success).toBe(false);
    expect(parse({ match: { region: "eu-west-1" }, reason: "x", expiresAt: "2020-01-01T00:00:00Z" }).error?.issues[0]?.message).toMatch(/future/);
    expect(parse({ match: { region: "eu-west-1", color: "red" }, reason: "x" }).success).toBe(false);
  });
});
