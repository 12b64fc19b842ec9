import { describe, expect, it } from "vitest";
import { openIngressPermissions, type IpPermissionLike, type SecurityGroupLike } from "./open-ingress";

const group = (ingress: IpPermissionLike[], egress: IpPermissionLike[] = []): SecurityGroupLike => ({
  GroupId: "sg-1",
  GroupName: "web",
  IpPermissions: ingress,
  IpPermissionsEgress: egress,
});

describe("openIngressPermissions", () => {
  it("finds 0.0.0.0/0 on a TCP port", () => {
    expect(openIngressPermissions([group([{ IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])])).toEqual([
      { groupId: "sg-1", groupName: "web", protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", severity: "critical" },
    ]);
  });

  it("finds ::/0 in Ipv6Ranges", () => {
    const found = openIngressPermissions([group([{ IpProtocol: "tcp", FromPort: 443, ToPort: 443, Ipv6Ranges: [{ CidrIpv6: "::/0" }] }])]);
    expect(found).toEqual([expect.objectContaining({ cidr: "::/0", severity: "high", fromPort: 443 })]);
  });

  it("reports one entry per open CIDR of a rule open on both families", () => {
    const found = openIngressPermissions([
      group([{ IpProtocol: "tcp", FromPort: 80, ToPort: 80, IpRanges: [{ CidrIp: "0.0.0.0/0" }, { CidrIp: "10.0.0.0/8" }], Ipv6Ranges: [{ CidrIpv6: "::/0" }] }]),
    ]);
    expect(found.map((p) => p.cidr)).toEqual(["0.0.0.0/0", "::/0"]);
  });

  it("treats protocol -1 as every port, with no ports reported", () => {
    expect(openIngressPermissions([group([{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])])).toEqual([
      expect.objectContaining({ protocol: "-1", fromPort: null, toPort: null, severity: "critical" }),
    ]);
  });

  it("keeps ICMP -1/-1 as info", () => {
    expect(openIngressPermissions([group([{ IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])])).toEqual([
      expect.objectContaining({ protocol: "icmp", fromPort: -1, toPort: -1, severity: "info" }),
    ]);
  });

  it("ignores private CIDRs, narrower-than-everything ranges and egress", () => {
    expect(
      openIngressPermissions([
        group(
          [
            { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: "10.0.0.0/8" }, { CidrIp: "0.0.0.0/1" }] },
            { IpProtocol: "tcp", FromPort: 22, ToPort: 22, Ipv6Ranges: [{ CidrIpv6: "2001:db8::/32" }] },
          ],
          [{ IpProtocol: "-1", IpRanges: [{ CidrIp: "0.0.0.0/0" }], Ipv6Ranges: [{ CidrIpv6: "::/0" }] }],
        ),
      ]),
    ).toEqual([]);
  });

  it("ignores prefix lists and security-group references", () => {
    expect(
      openIngressPermissions([
        group([
          { IpProtocol: "tcp", FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: "pl-1" }] },
          { IpProtocol: "-1", UserIdGroupPairs: [{ GroupId: "sg-2" }] },
        ]),
      ]),
    ).toEqual([]);
  });

  it("keeps inclusive ranges and rates them by the ports they include", () => {
    const found = openIngressPermissions([group([{ IpProtocol: "tcp", FromPort: 3000, ToPort: 3400, IpRanges: [{ CidrIp: "0.0.0.0/0" }] }])]);
    expect(found[0]).toMatchObject({ fromPort: 3000, toPort: 3400, severity: "critical" });
  });

  it("handles groups and rules with missing lists", () => {
    expect(openIngressPermissions([{}, { IpPermissions: [{}] }])).toEqual([]);
  });

  it("covers several groups in order", () => {
    const open = { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "0.0.0.0/0" }] };
    const found = openIngressPermissions([
      { GroupId: "sg-a", GroupName: "a", IpPermissions: [open] },
      { GroupId: "sg-b", GroupName: "b", IpPermissions: [open] },
    ]);
    expect(found.map((p) => p.groupId)).toEqual(["sg-a", "sg-b"]);
  });
});
