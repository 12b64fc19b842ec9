import { Ec2Error, invalidParameterValue } from "./ec2-error";
import type { FakePermission, FakeRegion, FakeSecurityGroup } from "./fleet-types";
import { paginate } from "./pagination";
import { anyFilterValueMatches, type QueryFilter, type QueryParams } from "./query-params";
import { itemList, textElement } from "./xml";

function matchesFilter(group: FakeSecurityGroup, filter: QueryFilter): boolean {
  switch (filter.name) {
    case "group-id":
      return anyFilterValueMatches(filter, group.groupId);
    case "group-name":
      return anyFilterValueMatches(filter, group.groupName);
    case "vpc-id":
      return anyFilterValueMatches(filter, group.vpcId);
    default:
      throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
  }
}

function renderPermission(permission: FakePermission, ownerId: string): string {
  return (
    textElement("ipProtocol", permission.protocol) +
    textElement("fromPort", permission.fromPort) +
    textElement("toPort", permission.toPort) +
    itemList(
      "groups",
      permission.groupRefs ?? [],
      (ref) => textElement("userId", ref.userId ?? ownerId) + textElement("groupId", ref.groupId),
    ) +
    itemList("ipRanges", permission.cidrs ?? [], (cidr) => textElement("cidrIp", cidr)) +
    itemList("ipv6Ranges", permission.ipv6Cidrs ?? [], (cidr) => textElement("cidrIpv6", cidr)) +
    itemList("prefixListIds", permission.prefixListIds ?? [], (id) => textElement("prefixListId", id))
  );
}

/** DescribeSecurityGroups: by `GroupId.N` (unknown ids are an error) or by filters, with paging. */
export function describeSecurityGroups(
  region: FakeRegion,
  ownerId: string,
  params: QueryParams,
  pageCap: number | undefined,
): string {
  const ids = params.list("GroupId");
  let groups = region.securityGroups;
  if (ids.length > 0) {
    const missing = ids.filter((id) => !groups.some((group) => group.groupId === id));
    if (missing.length > 0) {
      throw new Ec2Error("InvalidGroup.NotFound", `The security group '${missing[0]}' does not exist`, 400);
    }
    groups = groups.filter((group) => ids.includes(group.groupId));
  }
  for (const filter of params.filters) groups = groups.filter((group) => matchesFilter(group, filter));

  const binding = `DescribeSecurityGroups|${region.name}|${JSON.stringify(params.filters)}|${ids.join(",")}`;
  const page = paginate(groups, params, binding, pageCap);
  return (
    itemList(
      "securityGroupInfo",
      page.items,
      (group) =>
        textElement("ownerId", ownerId) +
        textElement("groupId", group.groupId) +
        textElement("groupName", group.groupName) +
        textElement("groupDescription", group.description) +
        textElement("vpcId", group.vpcId) +
        itemList("ipPermissions", group.ingress, (p) => renderPermission(p, ownerId)) +
        itemList("ipPermissionsEgress", group.egress, (p) => renderPermission(p, ownerId)),
    ) + textElement("nextToken", page.nextToken)
  );
}
