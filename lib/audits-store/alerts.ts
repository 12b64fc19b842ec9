import { WHOLE_ACCOUNT } from "../audit";
import type { Db } from "../db/client";
import type { AuditAlert, AuditDto } from "./audit-dto";
import type { ReportedFindings } from "./reported-findings";
import { getWebhookUrl, postToWebhook } from "./webhook";

export interface AlertOptions {
  /** The dashboard's address, for the link to the report. */
  publicUrl: string;
  timeoutMs?: number;
}

/** Open rules of critical severity that are new since the previous scan, muted ones left out. */
export function newCriticalRules(findings: ReportedFindings) {
  return findings.openIngress
    .filter((f) => f.suppressedBy === null)
    .flatMap((f) => f.permissions.filter((p) => p.isNew && p.severity === "critical").map((p) => ({ finding: f, permission: p })));
}

/** The alert's text: what is new and critical, what failed, and the link to the report. */
export function alertText(audit: AuditDto, findings: ReportedFindings, publicUrl: string): string {
  const critical = newCriticalRules(findings);
  const failed = audit.regions.filter((r) => r.status === "error");
  const place = (account: string, region: string) => (region === WHOLE_ACCOUNT ? `account ${account}` : `${account}/${region}`);
  const lines = [`Fleetscope scheduled scan of ${audit.startedAt}: ${critical.length} new critical finding(s), ${failed.length} failed account(s) or region(s).`];
  for (const { finding, permission } of critical.slice(0, 10)) {
    lines.push(`• ${place(finding.account, finding.region)} ${finding.instanceId}${finding.name ? ` (${finding.name})` : ""}: ${permission.protocol} ${permission.fromPort ?? "all"} open to ${permission.cidr} (${permission.groupId})`);
  }
  if (critical.length > 10) lines.push(`• and ${critical.length - 10} more`);
  for (const r of failed.slice(0, 5)) lines.push(`• failed: ${place(r.account, r.region)}: ${r.errorCode ?? "error"}`);
  lines.push(`${publicUrl}/audits/${audit.id}`);
  return lines.join("\n");
}

/**
 * After a scheduled scan: posts new critical findings and failed accounts or regions to the
 * webhook. Never throws: a missing webhook, nothing to say, or a failing webhook becomes the
 * alert's status and reason (the scan stays done).
 */
export async function sendScanAlert(db: Db, audit: AuditDto, findings: ReportedFindings, options: AlertOptions): Promise<AuditAlert> {
  const newCritical = newCriticalRules(findings).length;
  const failedPlaces = audit.regions.filter((r) => r.status === "error").length;
  const base = { at: new Date().toISOString(), newCritical, failedPlaces };
  if (newCritical === 0 && failedPlaces === 0) return { status: "skipped", reason: "nothing new and critical, and nothing failed", ...base };
  const url = await getWebhookUrl(db);
  if (!url) return { status: "skipped", reason: "no webhook is set (Schedules page)", ...base };
  try {
    await postToWebhook(url, alertText(audit, findings, options.publicUrl), options.timeoutMs);
    return { status: "sent", ...base };
  } catch (error) {
    return { status: "failed", reason: error instanceof Error ? error.message : "the webhook failed", ...base };
  }
}
