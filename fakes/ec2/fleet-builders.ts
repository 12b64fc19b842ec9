import type {
  FakeGroupRef,
  FakeInstance,
  FakePermission,
  FakeRegion,
  FakeSecurityGroup,
  FakeTag,
  InstanceStateName,
} from "./fleet-types";
import { defaultOptInStatus } from "./region-names";

/** Hand-built fleets for tests and demos: only what matters is spelled out. */

export function tagsOf(record: Record<string, string>): FakeTag[] {
  return Object.entries(record).map(([key, value]) => ({ key, value }));
}

export function groupRef(group: Pick<FakeSecurityGroup, "groupId" | "groupName">): FakeGroupRef {
  return { groupId: group.groupId, groupName: group.groupName };
}

export function fakeSecurityGroup(
  groupId: string,
  ingress: FakePermission[],
  extra: Partial<Omit<FakeSecurityGroup, "groupId" | "ingress">> = {},
): FakeSecurityGroup {
  return {
    groupId,
    groupName: extra.groupName ?? `${groupId}-name`,
    description: extra.description ?? "test group",
    vpcId: extra.vpcId ?? "vpc-0000000000000001",
    ingress,
    egress: extra.egress ?? [{ protocol: "-1", cidrs: ["0.0.0.0/0"] }],
  };
}

export interface FakeInstanceSpec {
  state?: InstanceStateName;
  tags?: Record<string, string> | FakeTag[];
  groups?: FakeSecurityGroup[];
  /** Group lists of the network interfaces; default: one interface with the instance's groups. */
  networkInterfaceGroups?: FakeSecurityGroup[][];
  reservationId?: string;
}

export function fakeInstance(instanceId: string, spec: FakeInstanceSpec = {}): FakeInstance {
  const groups = (spec.groups ?? []).map(groupRef);
  const eniGroups = spec.networkInterfaceGroups?.map((list) => list.map(groupRef)) ?? (groups.length ? [groups] : []);
  return {
    instanceId,
    reservationId: spec.reservationId ?? `r-${instanceId.slice(2)}`,
    state: spec.state ?? "running",
    instanceType: "t3.micro",
    tags: Array.isArray(spec.tags) ? spec.tags : tagsOf(spec.tags ?? {}),
    groups,
    networkInterfaces: eniGroups.map((list, index) => ({
      networkInterfaceId: `eni-${instanceId.slice(2)}${index}`,
      groups: list,
    })),
  };
}

export function fakeRegion(
  name: string,
  instances: FakeInstance[],
  securityGroups: FakeSecurityGroup[],
  extra: Partial<Pick<FakeRegion, "optInStatus" | "failure">> = {},
): FakeRegion {
  return { name, optInStatus: extra.optInStatus ?? defaultOptInStatus(name), instances, securityGroups, failure: extra.failure };
}
