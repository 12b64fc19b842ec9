import type { Instance, SecurityGroup } from "@aws-sdk/client-ec2";
import { missingTags, nameTagOf } from "./rules/missing-tags";
import { openIngressPermissions } from "./rules/open-ingress";
import type { InstanceRef, OpenIngressFinding, UntaggedFinding } from "./scan-types";

/** The ids of the groups an instance uses: its own and those of all its network interfaces. */
export function instanceGroupIds(instance: Instance): string[] {
  const ids = new Set<string>();
  for (const group of instance.SecurityGroups ?? []) if (group.GroupId) ids.add(group.GroupId);
  for (const eni of instance.NetworkInterfaces ?? []) {
    for (const group of eni.Groups ?? []) if (group.GroupId) ids.add(group.GroupId);
  }
  return [...ids];
}

export interface RegionFindings {
  total: number;
  running: number;
  untagged: UntaggedFinding[];
  openIngress: OpenIngressFinding[];
}

/** Applies the rules to one region's instances (any state) and groups. */
export function regionFindings(
  region: string,
  instances: readonly Instance[],
  groups: readonly SecurityGroup[],
  requiredTags: readonly string[],
): RegionFindings {
  const groupsById = new Map<string, SecurityGroup>();
  for (const group of groups) if (group.GroupId) groupsById.set(group.GroupId, group);
  const exposureByGroup = new Map<string, ReturnType<typeof openIngressPermissions>>();
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
    if (!instance.InstanceId || seen.has(instance.InstanceId)) continue;
    seen.add(instance.InstanceId);
    const state = instance.State?.Name ?? "unknown";
    result.total += 1;
    if (state === "running") result.running += 1;
    const ref: InstanceRef = { region, instanceId: instance.InstanceId, name: nameTagOf(instance.Tags), state };

    const missing = missingTags(instance.Tags, requiredTags);
    if (missing.length > 0) result.untagged.push({ ...ref, missingTags: missing });

    const permissions = instanceGroupIds(instance).flatMap(exposureOf);
    if (permissions.length > 0) result.openIngress.push({ ...ref, permissions });
  }
  return result;
}
