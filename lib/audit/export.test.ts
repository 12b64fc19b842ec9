import { describe, expect, it } from "vitest";
import { findingsToCsv, findingsToJson, neutralizeFormula } from "./export";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

/** A strict RFC 4180 reader (csv-parse is not installed): rows as objects keyed by the header. */
function parse(text: string, _options: { columns: true }): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && cell === "") {
      i += 1;
      while (i < text.length) {
        if (text[i] === '"' && text[i + 1] === '"') (cell += '"'), (i += 2);
        else if (text[i] === '"') break;
        else cell += text[i++];
      }
      i += 1;
    } else if (c === ",") (row.push(cell), (cell = ""), (i += 1));
    else if (c === "\r" && text[i + 1] === "\n") (row.push(cell), rows.push(row), (row = []), (cell = ""), (i += 2));
    else (cell += c), (i += 1);
  }
  if (cell !== "" || row.length > 0) rows.push([...row, cell]);
  const [header = [], ...body] = rows;
  return body.map((cells) => Object.fromEntries(header.map((name, k) => [name, cells[k] ?? ""])));
}

const untagged: UntaggedFinding[] = [
  { account: "self", region: "eu-west-1", tags: {}, groupIds: [], instanceId: "i-1", name: 'web "prod", eu', state: "running", missingTags: ["Owner", "CostCenter"] },
  { account: "self", region: "eu-west-1", tags: {}, groupIds: [], instanceId: "i-2", name: null, state: "stopped", missingTags: ["Owner"] },
];

const openIngress: OpenIngressFinding[] = [
  {
    account: "111122223333",
    tags: {},
    groupIds: [],
    region: "us-east-1",
    instanceId: "i-3",
    name: "=HYPERLINK(\"x\")",
    state: "running",
    permissions: [
      { groupId: "sg-1", groupName: "ssh", protocol: "tcp", fromPort: 22, toPort: 22, cidr: "0.0.0.0/0", severity: "critical" },
      { groupId: "sg-2", groupName: "all", protocol: "-1", fromPort: null, toPort: null, cidr: "::/0", severity: "critical" },
      { groupId: "sg-3", groupName: "-ping", protocol: "icmp", fromPort: -1, toPort: -1, cidr: "0.0.0.0/0", severity: "info" },
    ],
  },
];

describe("findingsToCsv", () => {
  it("writes untagged findings with a header, quoting, and tags joined by ';'", () => {
    const csv = findingsToCsv("untagged", untagged);
    expect(csv.split("\r\n")[0]).toBe("region,instanceId,name,state,missingTags");
    expect(csv).toContain('"web ""prod"", eu"');
    expect(parse(csv, { columns: true })).toEqual([
      { account: "self", region: "eu-west-1", tags: {}, groupIds: [], instanceId: "i-1", name: 'web "prod", eu', state: "running", missingTags: "Owner;CostCenter" },
      { account: "self", region: "eu-west-1", tags: {}, groupIds: [], instanceId: "i-2", name: "", state: "stopped", missingTags: "Owner" },
    ]);
  });

  it("writes one row per open-ingress permission, ports empty when not applicable", () => {
    const rows = parse(findingsToCsv("open-ingress", openIngress), { columns: true });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      region: "us-east-1",
      instanceId: "i-3",
      name: "'=HYPERLINK(\"x\")",
      state: "running",
      groupId: "sg-1",
      groupName: "ssh",
      protocol: "tcp",
      fromPort: "22",
      toPort: "22",
      cidr: "0.0.0.0/0",
      severity: "critical",
    });
    expect(rows[1]).toMatchObject({ protocol: "-1", fromPort: "", toPort: "", cidr: "::/0" });
    // Numbers are not neutralised, text is.
    expect(rows[2]).toMatchObject({ groupName: "'-ping", fromPort: "-1", toPort: "-1", severity: "info" });
  });

  it("writes only the header for no findings", () => {
    expect(findingsToCsv("untagged", [])).toBe("region,instanceId,name,state,missingTags\r\n");
  });
});

describe("findingsToJson and neutralizeFormula", () => {
  it("wraps findings with their kind and count", () => {
    expect(JSON.parse(findingsToJson("open-ingress", openIngress))).toEqual({ kind: "open-ingress", count: 1, findings: openIngress });
  });

  it("prefixes formula-looking text only", () => {
    expect(["=1", "+1", "-1", "@a", "\tx", "ok", ""].map(neutralizeFormula)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "ok", ""]);
  });
});
