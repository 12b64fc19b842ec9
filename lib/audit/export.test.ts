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
    expect(csv.split("\r\n")[0]).toBe("account,accountName,region,instanceId,name,state,missingTags,firstSeenAt,isNew,suppressedBy");
    expect(csv).toContain('"web ""prod"", eu"');
    expect(parse(csv, { columns: true })).toEqual([
      { account: "self", accountName: "", region: "eu-west-1", instanceId: "i-1", name: 'web "prod", eu', state: "running", missingTags: "Owner;CostCenter", firstSeenAt: "", isNew: "", suppressedBy: "" },
      { account: "self", accountName: "", region: "eu-west-1", instanceId: "i-2", name: "", state: "stopped", missingTags: "Owner", firstSeenAt: "", isNew: "", suppressedBy: "" },
    ]);
  });

  it("writes one row per open-ingress permission, ports empty when not applicable", () => {
    const rows = parse(findingsToCsv("open-ingress", openIngress, { "111122223333": "=prod" }), { columns: true });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual({
      account: "111122223333",
      accountName: "'=prod",
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
      firstSeenAt: "",
      isNew: "",
      suppressedBy: "",
    });
    expect(rows[1]).toMatchObject({ protocol: "-1", fromPort: "", toPort: "", cidr: "::/0" });
    // Numbers are not neutralised, text is.
    expect(rows[2]).toMatchObject({ groupName: "'-ping", fromPort: "-1", toPort: "-1", severity: "info" });
  });

  it("writes only the header for no findings", () => {
    expect(findingsToCsv("untagged", [])).toBe("account,accountName,region,instanceId,name,state,missingTags,firstSeenAt,isNew,suppressedBy\r\n");
  });
});

describe("findingsToCsv with a report's fields", () => {
  it("marks muted findings with their suppression, and gives each rule its own first-seen time", () => {
    const muted = [{ ...untagged[0]!, firstSeenAt: "2026-12-01T00:00:00.000Z", isNew: true, suppressedBy: "sup-1" }];
    expect(parse(findingsToCsv("untagged", muted), { columns: true })[0]).toMatchObject({ firstSeenAt: "2026-12-01T00:00:00.000Z", isNew: "true", suppressedBy: "sup-1" });
    const rules = [{ ...openIngress[0]!, firstSeenAt: "2026-11-01T00:00:00.000Z", isNew: false, suppressedBy: null, permissions: openIngress[0]!.permissions.map((p, i) => ({ ...p, firstSeenAt: `2026-11-0${i + 1}T00:00:00.000Z`, isNew: i === 2 })) }];
    const rows = parse(findingsToCsv("open-ingress", rules), { columns: true });
    expect(rows.map((r) => [r.firstSeenAt, r.isNew, r.suppressedBy])).toEqual([
      ["2026-11-01T00:00:00.000Z", "false", ""],
      ["2026-11-02T00:00:00.000Z", "false", ""],
      ["2026-11-03T00:00:00.000Z", "true", ""],
    ]);
  });
});

describe("findingsToJson and neutralizeFormula", () => {
  it("wraps findings with their kind and count, each with its account's name (null without one)", () => {
    expect(JSON.parse(findingsToJson("open-ingress", openIngress, { "111122223333": "prod" }))).toEqual({ kind: "open-ingress", count: 1, findings: [{ ...openIngress[0], accountName: "prod" }] });
    expect(JSON.parse(findingsToJson("untagged", untagged)).findings[0]).toMatchObject({ account: "self", accountName: null, instanceId: "i-1" });
  });

  it("prefixes formula-looking text only", () => {
    expect(["=1", "+1", "-1", "@a", "\tx", "ok", ""].map(neutralizeFormula)).toEqual(["'=1", "'+1", "'-1", "'@a", "'\tx", "ok", ""]);
  });
});
