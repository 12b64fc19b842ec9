import { normalizeProtocol, severityOf, type Severity } from "./severity";

/** The parts of an SDK `IpPermission` the rule reads. */
export interface IpPermissionLike {
  IpProtocol?: string;
  FromPort?: number;
  ToPort?: number;
  IpRanges?: readonly { CidrIp?: string }[];
  Ipv6Ranges?: readonly { CidrIpv6?: string }[];
  PrefixListIds?: readonly unknown[];
  UserIdGroupPairs?: readonly unknown[];
}

/** The parts of an SDK `SecurityGroup` the rule reads. */
export interface SecurityGroupLike {
  GroupId?: string;
  GroupName?: string;
  IpPermissions?: readonly IpPermissionLike[];
  IpPermissionsEgress?: readonly IpPermissionLike[];
}

export interface OpenIngressPermission {
  groupId: string;
  groupName: string;
  /** "-1" (every protocol), "tcp", "udp", "icmp", "icmpv6" or another IP protocol number. */
  protocol: string;
  /** null when the rule has no ports (protocol -1 and protocols without ports). ICMP: type, -1 = all. */
  fromPort: number | null;
  /** null when the rule has no ports. ICMP: code, -1 = all. */
  toPort: number | null;
  /** "0.0.0.0/0" or "::/0". */
  cidr: string;
  severity: Severity;
}

export const IPV4_ANYWHERE = "0.0.0.0/0";
export const IPV6_ANYWHERE = "::/0";

/**
 * Ingress rules open to the whole internet: one entry per (rule, open CIDR). Egress rules,
 * prefix lists and security-group references are never exposure to the internet.
 */
export function openIngressPermissions(groups: readonly SecurityGroupLike[]): OpenIngressPermission[] {
  const found: OpenIngressPermission[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      const cidrs = [
        ...(permission.IpRanges ?? []).map((range) => range.CidrIp?.trim()).filter((cidr) => cidr === IPV4_ANYWHERE),
        ...(permission.Ipv6Ranges ?? []).map((range) => range.CidrIpv6?.trim()).filter((cidr) => cidr === IPV6_ANYWHERE),
      ];
      if (cidrs.length === 0) continue;
      const protocol = normalizeProtocol(permission.IpProtocol);
      const hasPorts = protocol !== "-1" && permission.FromPort !== undefined;
      const fromPort = hasPorts ? (permission.FromPort ?? null) : null;
      const toPort = hasPorts ? (permission.ToPort ?? permission.FromPort ?? null) : null;
      const severity = severityOf(protocol, fromPort, toPort);
      for (const cidr of new Set(cidrs)) {
        found.push({
          groupId: group.GroupId ?? "",
          groupName: group.GroupName ?? "",
          protocol,
          fromPort,
          toPort,
          cidr: cidr ?? "",
          severity,
        });
      }
    }
  }
  return found;
}
