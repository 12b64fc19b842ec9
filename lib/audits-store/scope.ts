import type { AuditRequest } from "../audit";
import type { AuditDto } from "./audit-dto";

/**
 * What makes two scans "the same scan": the regions asked for and the required tag keys (keys
 * match case-insensitively), in a canonical order. A scan started while one of the same scope
 * runs joins it.
 */
export function scopeKey(request: Pick<AuditRequest, "regions" | "requiredTags"> & { accounts?: AuditRequest["accounts"] | null }): string {
  const regions = request.regions === "all" ? "all" : [...new Set(request.regions)].sort().join(",");
  const tags = [...new Set(request.requiredTags.map((key) => key.toLowerCase()))].sort().join(",");
  const accounts = accountsKey(request.accounts);
  // The server's own credentials only: the key of scans made before accounts existed.
  return accounts === "self" ? JSON.stringify({ regions, tags }) : JSON.stringify({ accounts, regions, tags });
}

function accountsKey(accounts: AuditRequest["accounts"] | null | undefined): string {
  if (!accounts) return "self";
  return accounts === "all" ? "all" : [...new Set(accounts)].sort().join(",");
}

/** The newest audit with findings of the same scope started before `audit`, from a list newest first. */
export function previousOfSameScope(audits: readonly AuditDto[], audit: AuditDto): AuditDto | undefined {
  const key = auditScopeKey(audit);
  return audits.find((a) => a.startedAt < audit.startedAt && a.findingsAvailable && auditScopeKey(a) === key);
}

/** The scope of an audit as it was asked. */
export function auditScopeKey(audit: Pick<AuditDto, "accountsRequested" | "regionsRequested" | "requiredTags">): string {
  return scopeKey({ accounts: audit.accountsRequested, regions: audit.regionsRequested, requiredTags: audit.requiredTags });
}
