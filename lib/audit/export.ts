import { stringify } from "csv-stringify/sync";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

export type FindingKind = "untagged" | "open-ingress";

export const UNTAGGED_CSV_COLUMNS = ["account", "accountName", "region", "instanceId", "name", "state", "missingTags", "firstSeenAt", "isNew", "suppressedBy"] as const;
export const OPEN_INGRESS_CSV_COLUMNS = [
  "account",
  "accountName",
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
  "firstSeenAt",
  "isNew",
  "suppressedBy",
] as const;

/** What a report adds to a finding (or an open rule): when it was first seen, whether it is new, the suppression muting it. */
export interface StatusFields {
  firstSeenAt?: string;
  isNew?: boolean;
  suppressedBy?: string | null;
}
type Untagged = UntaggedFinding & StatusFields;
type OpenIngress = Omit<OpenIngressFinding, "permissions"> & StatusFields & { permissions: (OpenIngressFinding["permissions"][number] & StatusFields)[] };

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

const status = (s: StatusFields, suppressedBy: string | null | undefined) => [s.firstSeenAt ?? "", s.isNew === undefined ? "" : String(s.isNew), suppressedBy ?? ""];

/** Account id → name (an account without one has an empty name). */
export type AccountNameMap = Readonly<Record<string, string>>;

function untaggedRows(findings: readonly Untagged[], names: AccountNameMap): string[][] {
  return findings.map((f) => [plain(f.account ?? "self"), text(names[f.account ?? "self"]), plain(f.region), plain(f.instanceId), text(f.name), plain(f.state), text(f.missingTags.join(";")), ...status(f, f.suppressedBy)]);
}

function openIngressRows(findings: readonly OpenIngress[], names: AccountNameMap): string[][] {
  return findings.flatMap((f) =>
    f.permissions.map((p) => [
      plain(f.account ?? "self"),
      text(names[f.account ?? "self"]),
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
      ...status(p.firstSeenAt === undefined ? f : p, f.suppressedBy),
    ]),
  );
}

/**
 * CSV with a header row; open ingress has one row per permission. Missing tags are joined by ";".
 * The account is "self" for the server's own credentials, with its name from `names` beside it
 * (empty when it has none); a muted finding names its suppression.
 */
export function findingsToCsv(kind: "untagged", findings: readonly UntaggedFinding[], names?: AccountNameMap): string;
export function findingsToCsv(kind: "open-ingress", findings: readonly OpenIngressFinding[], names?: AccountNameMap): string;
export function findingsToCsv(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[], names?: AccountNameMap): string;
export function findingsToCsv(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[], names: AccountNameMap = {}): string {
  const rows =
    kind === "untagged"
      ? untaggedRows(findings as readonly Untagged[], names)
      : openIngressRows(findings as readonly OpenIngress[], names);
  const columns = kind === "untagged" ? UNTAGGED_CSV_COLUMNS : OPEN_INGRESS_CSV_COLUMNS;
  return stringify(rows, { header: true, columns: [...columns], record_delimiter: "\r\n" });
}

/** JSON export: `{ kind, count, findings }`, pretty-printed; each finding has its account's name beside its id (null when it has none). */
export function findingsToJson(kind: FindingKind, findings: readonly UntaggedFinding[] | readonly OpenIngressFinding[], names: AccountNameMap = {}): string {
  const named = (findings as readonly (UntaggedFinding | OpenIngressFinding)[]).map(({ account, ...rest }) => ({ account, accountName: names[account ?? "self"] ?? null, ...rest }));
  return `${JSON.stringify({ kind, count: findings.length, findings: named }, null, 2)}\n`;
}
