import { stringify } from "csv-stringify/sync";
import { findingsToCsv, findingsToJson, neutralizeFormula, type FindingKind } from "../audit";
import { HttpError } from "../http/errors";
import { accountNamesOf } from "./account-names";
import type { AuditDto } from "./audit-dto";
import type { ReportedFindings } from "./reported-findings";

export const FINDING_KINDS: readonly FindingKind[] = ["untagged", "open-ingress"];
/** The tables of an audit report that can be exported. */
export type ExportKind = FindingKind | "regions";
export const EXPORT_KINDS: readonly ExportKind[] = [...FINDING_KINDS, "regions"];
export type ExportFormat = "csv" | "json";

export function parseFindingKind(raw: string | null): FindingKind {
  if (raw && (FINDING_KINDS as readonly string[]).includes(raw)) return raw as FindingKind;
  throw new HttpError(400, `kind must be ${FINDING_KINDS.join(" or ")}${raw ? `, not "${raw.slice(0, 40)}"` : " (add ?kind=untagged)"}`);
}

export function parseExportKind(raw: string | null): ExportKind {
  if (raw && (EXPORT_KINDS as readonly string[]).includes(raw)) return raw as ExportKind;
  throw new HttpError(400, `kind must be ${EXPORT_KINDS.join(", ")}${raw ? `, not "${raw.slice(0, 40)}"` : " (add ?kind=untagged)"}`);
}

export const REGION_CSV_COLUMNS = ["account", "accountName", "region", "status", "total", "running", "untagged", "openIngress", "durationMs", "errorCode", "error"] as const;

function regionsCsv(audit: AuditDto, names: Record<string, string>): string {
  const rows = audit.regions.map((r) => [
    r.account,
    neutralizeFormula(names[r.account] ?? ""),
    r.region,
    r.status,
    String(r.total),
    String(r.running),
    String(r.untagged),
    String(r.openIngress),
    String(r.durationMs),
    r.errorCode ?? "",
    neutralizeFormula(r.error ?? ""),
  ]);
  return stringify(rows, { header: true, columns: [...REGION_CSV_COLUMNS], record_delimiter: "\r\n" });
}

export interface ExportFile {
  body: string;
  contentType: string;
  fileName: string;
}

/** One table of an audit report as a CSV or JSON download. */
export function exportTable(audit: AuditDto, findings: ReportedFindings | null, kind: ExportKind, format: ExportFormat, account?: string): ExportFile {
  const fileName = `audit-${audit.startedAt.slice(0, 10)}-${audit.id.slice(0, 8)}${account ? `-${account}` : ""}-${kind}.${format}`;
  const contentType = format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  const names = accountNamesOf(audit);
  if (kind === "regions") {
    const shown = account ? audit.regions.filter((r) => r.account === account) : audit.regions;
    const regions = shown.map(({ account: id, ...rest }) => ({ account: id, accountName: names[id] ?? null, ...rest }));
    const body = format === "csv" ? regionsCsv({ ...audit, regions: shown }, names) : `${JSON.stringify({ kind, count: regions.length, regions }, null, 2)}\n`;
    return { body, contentType, fileName };
  }
  if (!findings) throw new HttpError(409, noFindingsMessage(audit));
  const list = kind === "untagged" ? findings.untagged : findings.openIngress;
  return { body: format === "csv" ? findingsToCsv(kind, list, names) : findingsToJson(kind, list, names), contentType, fileName };
}

export function noFindingsMessage(audit: AuditDto): string {
  if (audit.status === "running") return `audit ${audit.id} is still running: findings are ready when it is done (poll GET /api/audits/${audit.id})`;
  const what = audit.status === "interrupted" ? "was interrupted" : audit.status === "stopped" ? "was stopped" : "failed";
  return `audit ${audit.id} ${what} before it had findings: start a new scan`;
}
