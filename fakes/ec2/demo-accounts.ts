import { fakeInstance } from "./fleet-builders";
import type { FakeFleet, FakeRegion } from "./fleet-types";
import { generateFleet } from "./generate-fleet";

/**
 * The organisation of `npm run demo` and the browser tests: three member accounts listed by the
 * fake AWS Organizations, each with the role FleetscopeAudit; the fake STS denies sandbox's.
 */
export const DEMO_ACCOUNTS = [
  { id: "111111111111", name: "prod" },
  { id: "222222222222", name: "staging" },
  { id: "333333333333", name: "sandbox" },
] as const;
export const DEMO_DENIED_ACCOUNT = "333333333333";
export const DEMO_ROLE_NAME = "FleetscopeAudit";

/**
 * The fleets of the demo's member accounts. `step` is how far the fleets have moved on: each step
 * adds instances with SSH open to the internet and without an Owner in prod, so scans taken
 * between steps have new findings, first-seen dates and a trend.
 */
export function demoAccountFleets(step = 0): Record<string, FakeFleet> {
  const prod = generateFleet({ regions: ["us-east-1", "eu-west-1", "us-west-2"], instancesPerRegion: [240, 90, 40], seed: 111, ownerId: DEMO_ACCOUNTS[0].id });
  const staging = generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [60, 30], seed: 222, ownerId: DEMO_ACCOUNTS[1].id });
  const region = (fleet: FakeFleet, name: string) => fleet.regions.find((r) => r.name === name) as FakeRegion;
  const usEast = region(prod, "us-east-1");
  const ssh = usEast.securityGroups.find((g) => g.groupName === "edge-sshOpen");
  for (let s = 1; s <= step; s++) {
    for (let i = 0; i < 3 * s; i++) {
      usEast.instances.push(fakeInstance(`i-0e${String(s).padStart(2, "0")}${String(i).padStart(13, "0")}`, { tags: { Name: `migration-${s}-${i}` }, groups: ssh ? [ssh] : [] }));
    }
  }
  // Owners fixed over time in staging: the untagged count goes down.
  for (const instance of region(staging, "eu-west-1").instances.slice(0, step * 6)) {
    const owner = instance.tags.find((t) => t.key.toLowerCase() === "owner");
    if (owner) owner.value = owner.value || "platform-team";
    else instance.tags.push({ key: "Owner", value: "platform-team" });
  }
  return { [DEMO_ACCOUNTS[0].id]: prod, [DEMO_ACCOUNTS[1].id]: staging };
}
