import { fakeInstance, fakeSecurityGroup, groupRef } from "./fleet-builders";
import type {
  FakeFleet,
  FakeInstance,
  FakeRegion,
  FakeSecurityGroup,
  FakeTag,
  InstanceStateName,
  RegionFailure,
} from "./fleet-types";
import { defaultOptInStatus, REGION_NAMES } from "./region-names";
import { SeededRandom } from "./seeded-random";

/** A count for every region: one number, one per region in order, by name, or computed. */
export type PerRegion = number | readonly number[] | Readonly<Record<string, number>> | ((region: string, index: number) => number);

export interface GenerateFleetOptions {
  /** How many regions (the first of REGION_NAMES) or their names. */
  regions: number | readonly string[];
  instancesPerRegion: PerRegion;
  seed: number;
  /** Default: 12 + one per 25 instances; never fewer than the edge groups plus one. */
  securityGroupsPerRegion?: PerRegion;
  /** Regions whose optInStatus is `not-opted-in` (they answer AuthFailure). */
  notOptedIn?: readonly string[];
  failures?: Readonly<Record<string, RegionFailure>>;
  /** Put the edge-case instances and groups first in every region (default true). */
  edgeCases?: boolean;
  ownerId?: string;
}

function countFor(spec: PerRegion, region: string, index: number): number {
  if (typeof spec === "number") return spec;
  if (typeof spec === "function") return spec(region, index);
  if (Array.isArray(spec)) return (spec as readonly number[])[index] ?? 0;
  return (spec as Readonly<Record<string, number>>)[region] ?? 0;
}

/** Groups whose exposure is known, so tests can assert what the rules make of each. */
export const EDGE_GROUPS = {
  sshOpen: "ssh open to 0.0.0.0/0 (critical)",
  allTraffic: "protocol -1 from 0.0.0.0/0 (critical)",
  icmpAll: "ICMP -1/-1 from 0.0.0.0/0 (info)",
  httpsIpv6: "tcp 443 from ::/0 (high)",
  egressOnly: "egress 0.0.0.0/0, private ingress (none)",
  prefixAndRefs: "prefix-list and group-reference rules (none)",
  dbRange: "tcp 3000-3400 from 0.0.0.0/0 (critical: includes 3306 and 3389)",
  privateOnly: "tcp 443 from 10.0.0.0/8 (none)",
  eniOnly: "redis 6379 open, attached only through a secondary interface (critical)",
} as const;
export type EdgeGroupName = keyof typeof EDGE_GROUPS;

function edgeGroups(rng: SeededRandom): Record<EdgeGroupName, FakeSecurityGroup> {
  const id = () => `sg-${rng.hex(17)}`;
  const world = ["0.0.0.0/0"];
  const privateIngress = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/8"] }];
  const make = (name: EdgeGroupName, ingress: FakeSecurityGroup["ingress"], egress?: FakeSecurityGroup["egress"]) =>
    fakeSecurityGroup(id(), ingress, { groupName: `edge-${name}`, description: EDGE_GROUPS[name], egress });
  const privateOnly = make("privateOnly", privateIngress);
  return {
    sshOpen: make("sshOpen", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: world }]),
    allTraffic: make("allTraffic", [{ protocol: "-1", cidrs: world }]),
    icmpAll: make("icmpAll", [{ protocol: "icmp", fromPort: -1, toPort: -1, cidrs: world }]),
    httpsIpv6: make("httpsIpv6", [{ protocol: "tcp", fromPort: 443, toPort: 443, ipv6Cidrs: ["::/0"] }]),
    egressOnly: make("egressOnly", privateIngress, [{ protocol: "-1", cidrs: world, ipv6Cidrs: ["::/0"] }]),
    prefixAndRefs: make("prefixAndRefs", [
      { protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: [`pl-${rng.hex(8)}`] },
      { protocol: "tcp", fromPort: 5432, toPort: 5432, groupRefs: [{ groupId: privateOnly.groupId }] },
      { protocol: "-1", groupRefs: [{ groupId: privateOnly.groupId }] },
    ]),
    dbRange: make("dbRange", [{ protocol: "tcp", fromPort: 3000, toPort: 3400, cidrs: ["0.0.0.0/0", "10.0.0.0/8"] }]),
    privateOnly,
    eniOnly: make("eniOnly", [{ protocol: "tcp", fromPort: 6379, toPort: 6379, cidrs: world }]),
  };
}

/** Instance edge cases, in order; each names the groups it uses. */
function edgeInstances(groups: Record<EdgeGroupName, FakeSecurityGroup>, nextId: () => string): FakeInstance[] {
  const full = (name: string) => ({ Name: name, Owner: "team-a", Environment: "prod", CostCenter: "cc-1" });
  const edge = (spec: Parameters<typeof fakeInstance>[1]) => fakeInstance(nextId(), spec);
  const states: InstanceStateName[] = ["pending", "shutting-down", "stopping", "stopped"];
  return [
    edge({ tags: {}, groups: [groups.sshOpen] }),
    edge({ tags: { ...full("empty-owner"), Owner: "" }, groups: [groups.privateOnly] }),
    edge({ tags: { Name: "lowercase-owner", owner: "alice", Environment: "dev", CostCenter: "cc-2" }, groups: [groups.egressOnly] }),
    edge({
      tags: full("eni-only"),
      groups: [groups.privateOnly],
      networkInterfaceGroups: [[groups.privateOnly], [groups.eniOnly]],
    }),
    edge({ tags: full("all-traffic"), groups: [groups.allTraffic, groups.icmpAll] }),
    edge({ tags: full("icmp-only"), groups: [groups.icmpAll] }),
    edge({ tags: full("ipv6-https"), groups: [groups.httpsIpv6, groups.prefixAndRefs] }),
    edge({ tags: full("db-range"), groups: [groups.dbRange] }),
    edge({ tags: full("terminated"), state: "terminated", groups: [], networkInterfaceGroups: [] }),
    ...states.map((state) => edge({ tags: full(state), state, groups: [groups.sshOpen] })),
  ];
}

function randomTags(rng: SeededRandom, index: number): FakeTag[] {
  const tags: FakeTag[] = [];
  if (rng.chance(0.95)) tags.push({ key: "Name", value: `web-${index}` });
  if (rng.chance(0.8)) tags.push({ key: rng.chance(0.05) ? "owner" : "Owner", value: rng.chance(0.05) ? "" : `team-${rng.int(1, 9)}` });
  if (rng.chance(0.85)) tags.push({ key: "Environment", value: rng.pick(["prod", "staging", "dev"]) });
  if (rng.chance(0.6)) tags.push({ key: "CostCenter", value: `cc-${rng.int(100, 999)}` });
  return tags;
}

function randomGroup(rng: SeededRandom, index: number): FakeSecurityGroup {
  const ingress: FakeSecurityGroup["ingress"] = [{ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["10.0.0.0/8"] }];
  const roll = rng.next();
  if (roll < 0.06) ingress.push({ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] });
  else if (roll < 0.15) ingress.push({ protocol: "tcp", fromPort: 443, toPort: 443, cidrs: ["0.0.0.0/0"], ipv6Cidrs: ["::/0"] });
  else if (roll < 0.18) ingress.push({ protocol: "udp", fromPort: 1194, toPort: 1194, cidrs: ["0.0.0.0/0"] });
  return fakeSecurityGroup(`sg-${rng.hex(17)}`, ingress, { groupName: `app-${index}`, description: "generated" });
}

const RANDOM_STATES: [InstanceStateName, number][] = [
  ["running", 0.7],
  ["stopped", 0.9],
  ["terminated", 0.95],
  ["pending", 0.97],
  ["stopping", 0.985],
  ["shutting-down", 1],
];

function randomState(rng: SeededRandom): InstanceStateName {
  const roll = rng.next();
  return (RANDOM_STATES.find(([, upTo]) => roll < upTo) ?? RANDOM_STATES[0]!)[0];
}

function generateRegion(options: GenerateFleetOptions, name: string, index: number): FakeRegion {
  const rng = new SeededRandom((options.seed * 1_000_003 + index * 7919) >>> 0);
  const instanceCount = Math.max(0, Math.floor(countFor(options.instancesPerRegion, name, index)));
  const groupCount = Math.max(
    0,
    Math.floor(options.securityGroupsPerRegion === undefined ? 12 + instanceCount / 25 : countFor(options.securityGroupsPerRegion, name, index)),
  );
  let serial = 0;
  // Like EC2's 17-character ids, which start with 0.
  const nextId = () => `i-0${rng.hex(8)}${(serial++).toString(16).padStart(8, "0")}`;

  const withEdges = options.edgeCases ?? true;
  const edges = withEdges ? edgeGroups(rng) : undefined;
  const securityGroups: FakeSecurityGroup[] = edges ? Object.values(edges) : [];
  // At least one generated group for the generated instances to use.
  const groupTarget = Math.max(groupCount, securityGroups.length + 1);
  for (let i = 0; securityGroups.length < groupTarget; i++) securityGroups.push(randomGroup(rng, i));
  const pool = securityGroups.filter((group) => group.description === "generated");

  const instances = edges ? edgeInstances(edges, nextId).slice(0, instanceCount) : [];
  let reservationId = `r-${rng.hex(17)}`;
  while (instances.length < instanceCount) {
    if (rng.chance(0.6)) reservationId = `r-${rng.hex(17)}`;
    const state = randomState(rng);
    const groups = state === "terminated" ? [] : [rng.pick(pool), ...(rng.chance(0.3) ? [rng.pick(pool)] : [])];
    const unique = [...new Map(groups.map((group) => [group.groupId, group])).values()];
    const instance = fakeInstance(nextId(), { state, tags: randomTags(rng, instances.length), groups: unique, reservationId });
    if (state !== "terminated" && rng.chance(0.1)) {
      instance.networkInterfaces.push({ networkInterfaceId: `eni-${rng.hex(17)}`, groups: [groupRef(rng.pick(pool))] });
    }
    instances.push(instance);
  }

  return {
    name,
    optInStatus: defaultOptInStatus(name, options.notOptedIn),
    instances,
    securityGroups,
    failure: options.failures?.[name],
  };
}

/** A deterministic fleet: the same options always give the same regions, instances and groups. */
export function generateFleet(options: GenerateFleetOptions): FakeFleet {
  const names = typeof options.regions === "number" ? REGION_NAMES.slice(0, options.regions) : [...options.regions];
  if (typeof options.regions === "number" && names.length < options.regions) {
    throw new Error(`generateFleet knows ${REGION_NAMES.length} region names; pass names for more`);
  }
  return {
    ownerId: options.ownerId ?? "123456789012",
    regions: names.map((name, index) => generateRegion(options, name, index)),
  };
}
