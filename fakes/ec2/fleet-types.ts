/** The data model of the fake EC2 endpoint: what a fleet is made of. */

export type InstanceStateName =
  | "pending"
  | "running"
  | "shutting-down"
  | "terminated"
  | "stopping"
  | "stopped";

/** EC2's numeric state codes (the low byte of `instanceState/code`). */
export const INSTANCE_STATE_CODES: Readonly<Record<InstanceStateName, number>> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const INSTANCE_STATES = Object.keys(INSTANCE_STATE_CODES) as InstanceStateName[];

export type OptInStatus = "opt-in-not-required" | "opted-in" | "not-opted-in";

/** What a region answers to every call: none, or one of EC2's access errors. */
/** ConnectionDropped: every DescribeInstances answer of the region stops halfway, the connection closed. */
export type RegionFailure = "AuthFailure" | "UnauthorizedOperation" | "ConnectionDropped";

export interface FakeTag {
  key: string;
  value: string;
}

export interface FakeGroupRef {
  groupId: string;
  groupName: string;
}

export interface FakeNetworkInterface {
  networkInterfaceId: string;
  groups: FakeGroupRef[];
}

export interface FakeInstance {
  instanceId: string;
  reservationId: string;
  state: InstanceStateName;
  instanceType: string;
  /** Empty list: the response has no `tagSet` element at all, like EC2. */
  tags: FakeTag[];
  /** The instance's own `groupSet`. */
  groups: FakeGroupRef[];
  networkInterfaces: FakeNetworkInterface[];
}

/** A security-group rule as EC2 stores it. `fromPort`/`toPort` are absent for protocol -1. */
export interface FakePermission {
  /** "tcp", "udp", "icmp", "icmpv6", "-1" or an IP protocol number. */
  protocol: string;
  fromPort?: number;
  toPort?: number;
  cidrs?: string[];
  ipv6Cidrs?: string[];
  prefixListIds?: string[];
  /** Security-group references (`groups/item`). */
  groupRefs?: { groupId: string; userId?: string }[];
}

export interface FakeSecurityGroup {
  groupId: string;
  groupName: string;
  description: string;
  vpcId: string;
  ingress: FakePermission[];
  egress: FakePermission[];
}

export interface FakeRegion {
  name: string;
  optInStatus: OptInStatus;
  instances: FakeInstance[];
  securityGroups: FakeSecurityGroup[];
  /** Makes every call to this region fail (a not-opted-in region always answers AuthFailure). */
  failure?: RegionFailure;
}

export interface FakeFleet {
  ownerId: string;
  regions: FakeRegion[];
}
