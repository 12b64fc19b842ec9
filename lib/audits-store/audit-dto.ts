import type { Audit as AuditRow } from "../generated/sqlite/client";
import { SELF_ACCOUNT, WHOLE_ACCOUNT, type AccountResult, type RegionResult, type ScanErrorInfo } from "../audit";

export type AuditStatus = "running" | "done" | "failed" | "interrupted" | "stopped";

/**
 * One region of an audit: `queued`, `scanning` (total = instances listed so far), then `ok` or
 * `error`. Stored as the Audit row's `regions` JSON and served as is.
 */
export interface AuditRegion {
  /** The account id, or "self" (the server's own credentials). */
  account: string;
  /** The region, or "*" for an account that failed as a whole (its role could not be assumed). */
  region: string;
  status: "queued" | "scanning" | "ok" | "error";
  /** Instances in every state (so far, while scanning). */
  total: number;
  running: number;
  untagged: number;
  openIngress: number;
  durationMs: number;
  /** When the region's scan began (ISO), for the live elapsed time. */
  startedAt?: string;
  /** `Code: message` as EC2 gave it; credentials never appear. */
  error?: string;
  errorCode?: string;
}

export interface AuditSummary {
  instances: number;
  running: number;
  untagged: number;
  openIngress: number;
  failedRegions: number;
  regionsScanned: number;
  durationMs: number;
  accounts?: number;
  failedAccounts?: number;
  /** Findings suppressions mute (not counted in untagged and openIngress). */
  muted?: { untagged: number; openIngress: number };
  /** Findings new since the previous scan of the same scope (muted ones not counted); critical: open rules of critical severity. */
  newFindings?: { untagged: number; openIngress: number; critical: number };
}

/** What happened to the alert of a scheduled scan. */
export interface AuditAlert {
  status: "sent" | "failed" | "skipped";
  at: string;
  /** Why it was not sent (no webhook set, nothing new, or the webhook's failure). */
  reason?: string;
  newCritical: number;
  failedPlaces: number;
}

/** The `audit` object of the HTTP API (shared/API.md), used by pages too. */
export interface AuditDto {
  id: string;
  status: AuditStatus;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  /** What was asked: "all" enabled regions or a list. */
  regionsRequested: "all" | string[];
  /** "all" registered accounts or a list of ids ("self": the server's own credentials). */
  accountsRequested: "all" | string[];
  /** Each account's outcome once the scan is done. */
  accounts: AccountResult[];
  /** The schedule that started it, or null. */
  scheduleId: string | null;
  /** After a scheduled scan: whether its alert was sent. */
  alert: AuditAlert | null;
  requiredTags: string[];
  regions: AuditRegion[];
  /** Final once done; while running, the regions finished so far. */
  summary: AuditSummary;
  /** Why the scan failed or stopped. */
  error: string | null;
  /** True when the findings can be read (GET …/findings, exports, compare). */
  findingsAvailable: boolean;
  /** Started by `npm run demo` against the built-in fake EC2 endpoint. */
  demo: boolean;
}

export function regionFromResult(result: RegionResult, startedAt?: string): AuditRegion {
  const region: AuditRegion = {
    account: result.account,
    region: result.region,
    status: result.status,
    total: result.total,
    running: result.running,
    untagged: result.untagged,
    openIngress: result.openIngress,
    durationMs: result.durationMs,
  };
  if (startedAt) region.startedAt = startedAt;
  if (result.error) Object.assign(region, errorFields(result.error));
  return region;
}

export function errorFields(error: ScanErrorInfo): { error: string; errorCode: string } {
  return { error: `${error.code}: ${error.message}`, errorCode: error.code };
}

/** Totals over the regions: the summary of a finished scan, or of the regions done so far. */
export function summarize(regions: readonly AuditRegion[], durationMs: number): AuditSummary {
  const finished = regions.filter((r) => (r.status === "ok" || r.status === "error") && r.region !== WHOLE_ACCOUNT);
  const sum = (pick: (r: AuditRegion) => number) => finished.reduce((n, r) => n + pick(r), 0);
  return {
    instances: sum((r) => r.total),
    running: sum((r) => r.running),
    untagged: sum((r) => r.untagged),
    openIngress: sum((r) => r.openIngress),
    failedRegions: finished.filter((r) => r.status === "error").length,
    regionsScanned: finished.length,
    durationMs,
    failedAccounts: regions.filter((r) => r.region === WHOLE_ACCOUNT).length,
  };
}

export function toAuditDto(row: AuditRow, now = Date.now()): AuditDto {
  const regions = ((row.regions ?? []) as unknown as AuditRegion[]).map((r) => (r.account ? r : { ...r, account: SELF_ACCOUNT }));
  const end = row.finishedAt?.getTime() ?? now;
  return {
    id: row.id,
    status: row.status as AuditStatus,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    startedBy: row.startedBy,
    regionsRequested: row.regionsRequested as unknown as "all" | string[],
    accountsRequested: (row.accountsRequested as unknown as "all" | string[] | null) ?? [SELF_ACCOUNT],
    accounts: (row.accounts as unknown as AccountResult[] | null) ?? [],
    scheduleId: row.scheduleId,
    alert: (row.alert as unknown as AuditAlert | null) ?? null,
    requiredTags: row.requiredTags as unknown as string[],
    regions,
    summary: (row.summary as unknown as AuditSummary | null) ?? summarize(regions, Math.max(0, end - row.startedAt.getTime())),
    error: row.error,
    findingsAvailable: row.findingsBlobKey !== null,
    demo: row.demo,
  };
}
