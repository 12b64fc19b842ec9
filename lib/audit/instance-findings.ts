import type { Instance, SecurityGroup } from "@aws-sdk/client-ec2";
import { missingTags, nameTagOf, type TagLike } from "./rules/missing-tags";
import { openIngressPermissions, type OpenIngressPermission } from "./rules/open-ingress";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

/**
 * What the scan keeps of an instance. Each page of SDK objects is reduced to these as it arrives,
 * so a region of 100,000 instances does not hold 100,000 full SDK objects.
 */
export interface InstanceRecord {
  instanceId: string;
  state: string;
  name: string | null;
  missingTags: string[];
  /** Its own groups and those of all its network interfaces, once each. */
  groupIds: string[];
  /** As read (the page's own objects: kept, not copied). */
  tags: readonly TagLike[] | undefined;
}

/** The ids of the groups an instance uses: its own and those of all its network interfaces. */
export function instanceGroupIds(instance: Instance): string[] {
  // A handful per instance: a list beats a Set (one per instance, on every scan).
  const ids: string[] = [];
  const add = (groups: readonly { GroupId?: string }[] | undefined) => {
    for (const group of groups ?? []) if (group.GroupId && !ids.includes(group.GroupId)) ids.push(group.GroupId);
  };
  add(instance.SecurityGroups);
  for (const eni of instance.NetworkInterfaces ?? []) add(eni.Groups);
  return ids;
}

export function instanceRecord(instance: Instance, requiredTags: readonly string[]): InstanceRecord | undefined {
  if (!instance.InstanceId) return undefined;
  return {
    instanceId: instance.InstanceId,
    state: instance.State?.Name ?? "unknown",
    name: nameTagOf(instance.Tags),
    missingTags: missingTags(instance.Tags, requiredTags),
    groupIds: instanceGroupIds(instance),
    tags: instance.Tags,
  };
}

export interface RegionFindings {
  total: number;
  running: number;
  untagged: UntaggedFinding[];
  openIngress: OpenIngressFinding[];
}

/** Applies the rules to one region's instances (every state) and groups; an instance listed twice counts once. */
function tagMap(tags: readonly TagLike[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const tag of tags ?? []) if (tag.Key !== undefined) map[tag.Key] = tag.Value ?? "";
  return map;
}

export function regionFindings(
  account: string,
  region: string,
  instances: readonly InstanceRecord[],
  groups: readonly SecurityGroup[],
): RegionFindings {
  const groupsById = new Map<string, SecurityGroup>();
  for (const group of groups) if (group.GroupId) groupsById.set(group.GroupId, group);
  const exposureByGroup = new Map<string, OpenIngressPermission[]>();
  const exposureOf = (groupId: string) => {
    let found = exposureByGroup.get(groupId);
    if (!found) {
      const group = groupsById.get(groupId);
      found = group ? openIngressPermissions([group]) : [];
      exposureByGroup.set(groupId, found);
    }
    return found;
  };

  const result: RegionFindings = { total: 0, running: 0, untagged: [], openIngress: [] };
  const seen = new Set<string>();
  for (const instance of instances) {
    if (seen.has(instance.instanceId)) continue;
    seen.add(instance.instanceId);
    result.total += 1;
    if (instance.state === "running") result.running += 1;
    const permissions = instance.groupIds.flatMap(exposureOf);
    if (instance.missingTags.length === 0 && permissions.length === 0) continue;
    const ref = { account, region, instanceId: instance.instanceId, name: instance.name, state: instance.state, tags: tagMap(instance.tags), groupIds: instance.groupIds };
    if (instance.missingTags.length > 0) result.untagged.push({ ...ref, missingTags: instance.missingTags });
    if (permissions.length > 0) result.openIngress.push({ ...ref, permissions });
  }
  return result;
}
