import { fakeInstance } from "./fleet-builders";
import type { FakeFleet, FakeRegion } from "./fleet-types";
import { generateFleet } from "./generate-fleet";
import type { LatencyMs } from "./server";

/**
 * The fleet of `npm run demo` and the browser tests: eight regions of tens to 1,200 instances
 * with every edge case, one region an organisation policy denies (UnauthorizedOperation) and one
 * not opted in (skipped).
 */
export const DEMO_REGIONS = {
  "us-east-1": 1200,
  "eu-west-1": 420,
  "us-west-2": 260,
  "eu-central-1": 150,
  "ap-southeast-2": 90,
  "ap-northeast-1": 60,
  "ca-central-1": 30,
  "sa-east-1": 40,
  "af-south-1": 0,
} as const;

export const DEMO_DENIED_REGION = "sa-east-1";
/** The region whose calls are slowest, so the live progress is worth watching. */
export const DEMO_SLOW_REGION = "ap-southeast-2";
/** Pages of at most this many items: us-east-1 takes six DescribeInstances calls. */
export const DEMO_PAGE_SIZE = 200;

export function demoLatency(baseMs: number): LatencyMs {
  return ({ region }) => (region === DEMO_SLOW_REGION ? baseMs * 4 : baseMs);
}

/**
 * `drift: true` is the same fleet some time later: instances of us-east-1 gone, eu-west-1's
 * missing Owner tags fixed, and new untagged instances with SSH open in us-west-2. Two scans on
 * either side of the change give a comparison with new, resolved and unchanged findings.
 */
export function demoFleet(options: { drift?: boolean } = {}): FakeFleet {
  const fleet = generateFleet({
    regions: Object.keys(DEMO_REGIONS),
    instancesPerRegion: DEMO_REGIONS,
    failures: { [DEMO_DENIED_REGION]: "UnauthorizedOperation" },
    notOptedIn: ["af-south-1"],
    seed: 2026,
  });
  if (!options.drift) return fleet;
  const region = (name: string) => fleet.regions.find((r) => r.name === name) as FakeRegion;

  const usEast = region("us-east-1");
  usEast.instances = usEast.instances.filter((_, i) => i < 20 || i >= 120);

  for (const instance of region("eu-west-1").instances) {
    const owner = instance.tags.find((t) => t.key.toLowerCase() === "owner");
    if (!owner) instance.tags.push({ key: "Owner", value: "platform-team" });
    else if (owner.value === "") owner.value = "platform-team";
  }

  const usWest = region("us-west-2");
  const ssh = usWest.securityGroups.find((g) => g.groupName === "edge-sshOpen");
  for (let i = 0; i < 12; i++) {
    usWest.instances.push(fakeInstance(`i-0d21f7${String(i).padStart(11, "0")}`, { tags: { Name: `batch-worker-${i}` }, groups: ssh ? [ssh] : [] }));
  }
  return fleet;
}
