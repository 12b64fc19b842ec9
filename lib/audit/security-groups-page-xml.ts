import type { IpPermission, SecurityGroup } from "@aws-sdk/client-ec2";
import { childContext, walkXml, type ChildTable, type XmlReader } from "./xml-walk";

/**
 * The part of a DescribeSecurityGroups response the audit reads, in the SDK's own output shapes:
 * each group's id, name and ingress permissions (protocol, ports, IPv4 and IPv6 ranges, prefix
 * lists and group references), and the next page's token. Egress rules and other fields are
 * skipped: egress is never exposure to the internet.
 */
export interface SecurityGroupsPage {
  SecurityGroups: SecurityGroup[];
  NextToken?: string;
  requestId?: string;
}

const At = {
  Response: 1,
  GroupInfo: 2,
  Group: 3,
  Permissions: 4,
  Permission: 5,
  IpRanges: 6,
  IpRange: 7,
  Ipv6Ranges: 8,
  Ipv6Range: 9,
  PrefixLists: 10,
  PrefixList: 11,
  Pairs: 12,
  Pair: 13,
  // Leaves, whose text is read.
  RequestId: 100,
  NextToken: 101,
  GroupId: 102,
  GroupName: 103,
  OwnerId: 104,
  VpcId: 105,
  Protocol: 106,
  FromPort: 107,
  ToPort: 108,
  CidrIp: 109,
  CidrIpv6: 110,
  PrefixListId: 111,
  PairGroupId: 112,
  PairUserId: 113,
} as const;

const CHILDREN: ChildTable = {
  [At.Response]: { securityGroupInfo: At.GroupInfo, requestId: At.RequestId, nextToken: At.NextToken },
  [At.GroupInfo]: { item: At.Group },
  [At.Group]: { groupId: At.GroupId, groupName: At.GroupName, ownerId: At.OwnerId, vpcId: At.VpcId, ipPermissions: At.Permissions },
  [At.Permissions]: { item: At.Permission },
  [At.Permission]: {
    ipProtocol: At.Protocol,
    fromPort: At.FromPort,
    toPort: At.ToPort,
    ipRanges: At.IpRanges,
    ipv6Ranges: At.Ipv6Ranges,
    prefixListIds: At.PrefixLists,
    groups: At.Pairs,
  },
  [At.IpRanges]: { item: At.IpRange },
  [At.IpRange]: { cidrIp: At.CidrIp },
  [At.Ipv6Ranges]: { item: At.Ipv6Range },
  [At.Ipv6Range]: { cidrIpv6: At.CidrIpv6 },
  [At.PrefixLists]: { item: At.PrefixList },
  [At.PrefixList]: { prefixListId: At.PrefixListId },
  [At.Pairs]: { item: At.Pair },
  [At.Pair]: { groupId: At.PairGroupId, userId: At.PairUserId },
};
const childOf = childContext(CHILDREN);

/** Reads a DescribeSecurityGroupsResponse body in one pass; throws XmlReadError on anything it does not expect. */
export function securityGroupsPageFromXml(xml: string): SecurityGroupsPage {
  const page: SecurityGroupsPage = { SecurityGroups: [] };
  let group: SecurityGroup | undefined;
  let permission: IpPermission | undefined;
  // The last item opened in the permission's lists.
  let item: Record<string, string> | undefined;

  const reader: XmlReader = {
    rootName: "DescribeSecurityGroupsResponse",
    rootContext: At.Response,
    child: childOf,
    isLeaf: (context) => context >= At.RequestId,
    open(context) {
      switch (context) {
        case At.Group:
          group = {};
          page.SecurityGroups.push(group);
          break;
        case At.Permissions:
          if (group) group.IpPermissions = [];
          break;
        case At.Permission:
          permission = {};
          group?.IpPermissions?.push(permission);
          break;
        case At.IpRanges:
          if (permission) permission.IpRanges = [];
          break;
        case At.Ipv6Ranges:
          if (permission) permission.Ipv6Ranges = [];
          break;
        case At.PrefixLists:
          if (permission) permission.PrefixListIds = [];
          break;
        case At.Pairs:
          if (permission) permission.UserIdGroupPairs = [];
          break;
        case At.IpRange:
          permission?.IpRanges?.push((item = {}));
          break;
        case At.Ipv6Range:
          permission?.Ipv6Ranges?.push((item = {}));
          break;
        case At.PrefixList:
          permission?.PrefixListIds?.push((item = {}));
          break;
        case At.Pair:
          permission?.UserIdGroupPairs?.push((item = {}));
          break;
      }
    },
    leaf(context, text) {
      switch (context) {
        case At.RequestId:
          page.requestId = text;
          break;
        case At.NextToken:
          if (text) page.NextToken = text;
          break;
        case At.GroupId:
          if (group) group.GroupId = text;
          break;
        case At.GroupName:
          if (group) group.GroupName = text;
          break;
        case At.OwnerId:
          if (group) group.OwnerId = text;
          break;
        case At.VpcId:
          if (group) group.VpcId = text;
          break;
        case At.Protocol:
          if (permission) permission.IpProtocol = text;
          break;
        case At.FromPort:
          if (permission) permission.FromPort = Number(text);
          break;
        case At.ToPort:
          if (permission) permission.ToPort = Number(text);
          break;
        case At.CidrIp:
          if (item) item.CidrIp = text;
          break;
        case At.CidrIpv6:
          if (item) item.CidrIpv6 = text;
          break;
        case At.PrefixListId:
          if (item) item.PrefixListId = text;
          break;
        case At.PairGroupId:
          if (item) item.GroupId = text;
          break;
        case At.PairUserId:
          if (item) item.UserId = text;
          break;
      }
    },
  };
  walkXml(xml, reader);
  return page;
}
