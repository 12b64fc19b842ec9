import type { AuditRequest } from "../audit";
import type { AuditDto } from "./audit-dto";

/**
 * What makes two scans "the same scan": the regions asked for and the required tag keys (keys
 * match case-insensitively), in a canonical order. A scan started while one of the same scope
 * runs joins it.
 */
export function scopeKey(request: Pick<AuditRequest, "regions" | "requiredTags">): string {
  const regions = request.regions === "all" ? "all" : [...new Set(request.regions)].sort().join(",");
  const tags = [...new Set(request.requiredTags.map((key) => key.toLowerCase()))].sort().join(",");
  return JSON.stringify({ regions, tags });
}

/** The newest audit with findings of the same scope started before `audit`, from a list newest first. */
export function previousOfSameScope(audits: readonly AuditDto[], audit: AuditDto): AuditDto | undefined {
  const key = scopeKey({ regions: audit.regionsRequested, requiredTags: audit.requiredTags });
  return audits.find(
    (a) => a.startedAt < audit.startedAt && a.findingsAvailable && scopeKey({ regions: a.regionsRequested, requiredTags: a.requiredTags }) === key,
  );
}
