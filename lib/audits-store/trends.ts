import type { AuditDto } from "./audit-dto";
import { auditScopeKey } from "./scope";

export interface TrendPoint {
  auditId: string;
  at: string;
  /** Counted findings (muted ones excluded, as the scan's summary counts them). */
  untagged: number;
  openIngress: number;
}

export interface ScopeTrend {
  scope: string;
  accounts: AuditDto["accountsRequested"];
  regions: AuditDto["regionsRequested"];
  requiredTags: string[];
  points: TrendPoint[];
}

/** One series per scope of finished scans, oldest point first; the scope scanned most recently first. */
export function scopeTrends(audits: readonly AuditDto[], maxPoints = 60): ScopeTrend[] {
  const byScope = new Map<string, ScopeTrend>();
  const newestFirst = [...audits].filter((a) => a.status === "done" && a.findingsAvailable).sort((a, b) => b.startedAt.localeCompare(a.startedAt));
  for (const audit of newestFirst) {
    const scope = auditScopeKey(audit);
    let trend = byScope.get(scope);
    if (!trend) {
      trend = { scope, accounts: audit.accountsRequested, regions: audit.regionsRequested, requiredTags: audit.requiredTags, points: [] };
      byScope.set(scope, trend);
    }
    if (trend.points.length < maxPoints) trend.points.push({ auditId: audit.id, at: audit.startedAt, untagged: audit.summary.untagged, openIngress: audit.summary.openIngress });
  }
  return [...byScope.values()].map((t) => ({ ...t, points: t.points.reverse() }));
}
