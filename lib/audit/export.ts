import { stringify } from "csv-stringify/sync";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

export type FindingKind = "untagged" | "open-ingress";

export const UNTAGGED_CSV_COLUMNS = ["region", "instanceId", "name", "state", "missingTags"] as const;
export const OPEN_INGRESS_CSV_COLUMNS = [
  "region",
  "instanceId",
  "name",
  "state",
  "groupId",
  "groupName",
  "protocol",
  "fromPort",
  "toPort",
  "cidr",
  "severity",
] as const;

/**
 * Free text (the Name tag, group names, tag keys) is user input: a cell starting with = + - @ (or
 * tab/CR) would run as a formula in a spreadsheet, so such cells get a leading apostrophe. Values
 * EC2 itself controls (ids, regions, states, protocol "-1", ports) are written as they are.
 */
export function neutralizeFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const text = (value: string | null | undefined) => neutralizeFormula(value ?? "");
const plain = (value: string) => value;
const port = (value: number | null) => (value === null ? "" : String(value));

function untaggedRows(findings: readonly UntaggedFinding[]): string[][] {
  return findings.map((f) => [plain(f.region), plain(f.instanceId), text(f.name), plain(f.state), text(f.missingTags.join(";"))]);
}

function openIngressRows(findings: readonly OpenIngressFinding[]): string[][] {
  return findings.flatMap((f) =>
    f.permissions.map((p) => [
      plain(f.region),
      plain(f.instanceId),
      text(f.name),
      plain(f.state),
      plain(p.groupId),
      text(p.groupName),
      plain(p.protocol),
      port(p.fromPort),
      port(p.toPort),
      plain(p.cidr),
      plain(p.severity),
    ]),
  );
}

/** CSV with a header row; open ingress has one row per permission. Missing tags are joined by ";". */
export function findingsToCsv(kind: "untagged", findings: readonly UntaggedFinding[]): string;
export function findingsToCsv(kind: "open-ingress", findings: readonly OpenIngressFinding[]): string;
export function findingsToCsv(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[]): string;
export function findingsToCsv(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[]): string {
  const rows =
    kind === "untagged"
      ? untaggedRows(findings as readonly UntaggedFinding[])
      : openIngressRows(findings as readonly OpenIngressFinding[]);
  const columns = kind === "untagged" ? UNTAGGED_CSV_COLUMNS : OPEN_INGRESS_CSV_COLUMNS;
  return stringify(rows, { header: true, columns: [...columns], record_delimiter: "\r\n" });
}

/** JSON export: `{ kind, count, findings }`, pretty-printed. */
export function findingsToJson(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[]): string {
  return `${JSON.stringify({ kind, count: findings.length, findings }, null, 2)}\n`;
}
