import { describe, expect, it } from "vitest";
import { EDGE_GROUPS, generateFleet } from "./generate-fleet";
import { INSTANCE_STATES } from "./fleet-types";
import { REGION_NAMES } from "./region-names";

describe("generateFleet", () => {
  it("is deterministic for a seed and differs between seeds", () => {
    const a = generateFleet({ regions: 3, instancesPerRegion: 50, seed: 7 });
    const b = generateFleet({ regions: 3, instancesPerRegion: 50, seed: 7 });
    const c = generateFleet({ regions: 3, instancesPerRegion: 50, seed: 8 });
    expect(b).toEqual(a);
    expect(c.regions[0]?.instances[20]?.instanceId).not.toBe(a.regions[0]?.instances[20]?.instanceId);
  });

  it("takes region counts, names, per-region counts and not-opted-in regions", () => {
    const fleet = generateFleet({
      regions: ["us-east-1", "eu-west-1", "af-south-1"],
      instancesPerRegion: { "us-east-1": 30, "eu-west-1": 5 },
      securityGroupsPerRegion: [20, 15, 12],
      notOptedIn: ["af-south-1"],
      failures: { "eu-west-1": "UnauthorizedOperation" },
      seed: 1,
    });
    expect(fleet.regions.map((r) => [r.name, r.instances.length, r.securityGroups.length, r.optInStatus, r.failure])).toEqual([
      ["us-east-1", 30, 20, "opt-in-not-required", undefined],
      ["eu-west-1", 5, 15, "opt-in-not-required", "UnauthorizedOperation"],
      ["af-south-1", 0, 12, "not-opted-in", undefined],
    ]);
    expect(generateFleet({ regions: 30, instancesPerRegion: 0, seed: 1 }).regions.map((r) => r.name)).toEqual(REGION_NAMES.slice(0, 30));
  });

  it("gives unique instance and group ids across the fleet", () => {
    const fleet = generateFleet({ regions: 4, instancesPerRegion: 500, seed: 3 });
    const ids = fleet.regions.flatMap((r) => r.instances.map((i) => i.instanceId));
    expect(new Set(ids).size).toBe(ids.length);
    const groups = fleet.regions.flatMap((r) => r.securityGroups.map((g) => g.groupId));
    expect(new Set(groups).size).toBe(groups.length);
  });

  it("puts the edge cases first in every region", () => {
    const region = generateFleet({ regions: 1, instancesPerRegion: 40, seed: 5 }).regions[0]!;
    const names = region.securityGroups.map((g) => g.groupName);
    for (const edge of Object.keys(EDGE_GROUPS)) expect(names).toContain(`edge-${edge}`);
    const [noTags, emptyOwner, lowercaseOwner, eniOnly] = region.instances;
    expect(noTags?.tags).toEqual([]);
    expect(emptyOwner?.tags).toContainEqual({ key: "Owner", value: "" });
    expect(lowercaseOwner?.tags).toContainEqual({ key: "owner", value: "alice" });
    const eniGroup = region.securityGroups.find((g) => g.groupName === "edge-eniOnly")!;
    expect(eniOnly?.groups.map((g) => g.groupId)).not.toContain(eniGroup.groupId);
    expect(eniOnly?.networkInterfaces.flatMap((n) => n.groups.map((g) => g.groupId))).toContain(eniGroup.groupId);
    expect(new Set(region.instances.slice(0, 13).map((i) => i.state))).toEqual(new Set(INSTANCE_STATES));
    const egressOnly = region.securityGroups.find((g) => g.groupName === "edge-egressOnly")!;
    expect(egressOnly.egress[0]?.cidrs).toEqual(["0.0.0.0/0"]);
  });

  it("keeps one generated group beside the edge groups when asked for fewer", () => {
    const region = generateFleet({ regions: 1, instancesPerRegion: 30, securityGroupsPerRegion: 2, seed: 5 }).regions[0]!;
    expect(region.securityGroups).toHaveLength(Object.keys(EDGE_GROUPS).length + 1);
    expect(region.instances).toHaveLength(30);
  });

  it("can leave the edge cases out", () => {
    const region = generateFleet({ regions: 1, instancesPerRegion: 10, seed: 5, edgeCases: false }).regions[0]!;
    expect(region.securityGroups.some((g) => g.groupName.startsWith("edge-"))).toBe(false);
    expect(region.instances).toHaveLength(10);
  });
});
