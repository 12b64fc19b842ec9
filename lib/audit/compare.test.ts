import { describe, expect, it } from "vitest";
import { compareScans, type ComparableScan } from "./compare";
import type { OpenIngressPermission } from "./rules/open-ingress";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

const untagged = (region: string, instanceId: string, missingTags = ["Owner"]): UntaggedFinding => ({
  account: "self",
  region,
  instanceId,
  name: null,
  state: "running",
  tags: {},
  groupIds: [],
  missingTags,
});

const permission = (overrides: Partial<OpenIngressPermission> = {}): OpenIngressPermission => ({
  groupId: "sg-1",
  groupName: "web",
  protocol: "tcp",
  fromPort: 22,
  toPort: 22,
  cidr: "0.0.0.0/0",
  severity: "critical",
  ...overrides,
});

const ingress = (region: string, instanceId: string, permissions: OpenIngressPermission[]): OpenIngressFinding => ({
  account: "self",
  region,
  instanceId,
  name: "web",
  state: "running",
  tags: {},
  groupIds: [],
  permissions,
});

const scan = (partial: Partial<ComparableScan>): ComparableScan => ({ untagged: [], openIngress: [], ...partial });
const keys = (items: { kind: string; finding: { instanceId: string }; permission?: OpenIngressPermission }[]) =>
  items.map((i) => `${i.kind}:${i.finding.instanceId}${i.permission ? `:${i.permission.groupId}:${i.permission.fromPort}:${i.permission.cidr}` : ""}`);

describe("compareScans", () => {
  it("splits untagged findings into new, resolved and unchanged by region and instance", () => {
    const a = scan({ untagged: [untagged("eu-west-1", "i-1"), untagged("eu-west-1", "i-2")] });
    const b = scan({ untagged: [untagged("eu-west-1", "i-2", ["Owner", "Name"]), untagged("eu-west-1", "i-3"), untagged("us-east-1", "i-1")] });
    const diff = compareScans(a, b);
    expect(keys(diff.new)).toEqual(["untagged:i-3", "untagged:i-1"]);
    expect(diff.new[1]?.finding.region).toBe("us-east-1");
    expect(keys(diff.resolved)).toEqual(["untagged:i-1"]);
    expect(keys(diff.unchanged)).toEqual(["untagged:i-2"]);
    // Details come from the newer scan.
    expect(diff.unchanged[0]?.kind === "untagged" && diff.unchanged[0].finding.missingTags).toEqual(["Owner", "Name"]);
  });

  it("compares open ingress per permission: group, protocol, ports and CIDR", () => {
    const a = scan({ openIngress: [ingress("eu-west-1", "i-1", [permission(), permission({ cidr: "::/0" })])] });
    const b = scan({
      openIngress: [
        ingress("eu-west-1", "i-1", [
          permission(),
          permission({ fromPort: 3389, toPort: 3389 }),
          permission({ groupId: "sg-2" }),
          permission({ protocol: "udp" }),
        ]),
      ],
    });
    const diff = compareScans(a, b);
    expect(keys(diff.unchanged)).toEqual(["open-ingress:i-1:sg-1:22:0.0.0.0/0"]);
    expect(keys(diff.resolved)).toEqual(["open-ingress:i-1:sg-1:22:::/0"]);
    expect(keys(diff.new)).toEqual([
      "open-ingress:i-1:sg-1:3389:0.0.0.0/0",
      "open-ingress:i-1:sg-2:22:0.0.0.0/0",
      "open-ingress:i-1:sg-1:22:0.0.0.0/0",
    ]);
    expect(diff.new[2]?.kind === "open-ingress" && diff.new[2].permission.protocol).toBe("udp");
  });

  it("never confuses an untagged and an open-ingress finding of one instance", () => {
    const a = scan({ untagged: [untagged("eu-west-1", "i-1")] });
    const b = scan({ openIngress: [ingress("eu-west-1", "i-1", [permission()])] });
    const diff = compareScans(a, b);
    expect(diff.new).toHaveLength(1);
    expect(diff.resolved).toHaveLength(1);
  });

  it("keeps findings of regions the newer scan could not read as unknown, not resolved", () => {
    const a = scan({ untagged: [untagged("eu-west-1", "i-1"), untagged("ap-east-1", "i-9"), untagged("sa-east-1", "i-8")] });
    const b = scan({
      regions: [
        { region: "eu-west-1", status: "ok" },
        { region: "ap-east-1", status: "error" },
      ],
    });
    const diff = compareScans(a, b);
    expect(keys(diff.resolved)).toEqual(["untagged:i-1"]);
    expect(keys(diff.unknown)).toEqual(["untagged:i-9", "untagged:i-8"]);
  });

  it("handles empty scans", () => {
    expect(compareScans(scan({}), scan({}))).toEqual({ new: [], resolved: [], unchanged: [], unknown: [] });
  });
});
