/**
 * Is a committed default.pgo still fresh for a service? Of the call-site weight that Go's compiler
 * would treat as hot from the service's latest profile alone, the share whose call sites are hot in
 * the committed file too (hotShare); and the hot functions the committed file does not know.
 */
import { edgeKey, type PgoEdge } from "../pprof/pgo-edges";
import type { CommittedFile } from "./committed-file";

/** Below this share a refresh is recommended, unless the caller sets its own minimum. */
export const DEFAULT_MIN_HOT_SHARE = 0.8;
/** How many unknown hot functions are listed per service. */
export const MAX_UNKNOWN_FUNCTIONS = 50;

export interface ServiceFreshness {
  service: string;
  profileId: string;
  capturedAt: string;
  /** 0..1; null when the profile has no call edges (or Go could not use it: see problem). */
  hotShare: number | null;
  /** The service's own hot call sites, and those hot in the committed file too. */
  hotEdges: number;
  coveredEdges: number;
  /** Hot functions of the service the committed file has never seen, heaviest first. */
  unknownHotFunctions: string[];
  /** Why hotShare is null, when the latest profile is not usable for PGO. */
  problem?: string;
}

export interface FreshnessReport {
  services: ServiceFreshness[];
  /** The mean of the services' hotShare (each service counts the same); null when none has one. */
  hotShare: number | null;
  /** Every service with a hotShare has at least `min`. */
  fresh: boolean;
  min: number;
  /** The services below `min`, with their share: what a CI log should say. */
  stale: { service: string; hotShare: number }[];
}

export interface ServiceHotEdges {
  service: string;
  profileId: string;
  capturedAt: string;
  /** The service's own hot call sites (its latest profile alone, Go's CDF rule), heaviest first. */
  edges: PgoEdge[];
  problem?: string;
}

export function serviceFreshness(committed: CommittedFile, own: ServiceHotEdges): ServiceFreshness {
  let hotWeight = 0;
  let coveredWeight = 0;
  let coveredEdges = 0;
  const unknown: string[] = [];
  const noteUnknown = (name: string) => {
    if (unknown.length < MAX_UNKNOWN_FUNCTIONS && !committed.functionNames.has(name) && !unknown.includes(name)) unknown.push(name);
  };
  for (const e of own.edges) {
    hotWeight += e.weight;
    if (committed.hotKeys.has(edgeKey(e.caller, e.offset, e.callee))) {
      coveredWeight += e.weight;
      coveredEdges++;
    }
    noteUnknown(e.caller);
    noteUnknown(e.callee);
  }
  return {
    service: own.service,
    profileId: own.profileId,
    capturedAt: own.capturedAt,
    hotShare: hotWeight > 0 ? coveredWeight / hotWeight : null,
    hotEdges: own.edges.length,
    coveredEdges,
    unknownHotFunctions: unknown,
    ...(own.problem ? { problem: own.problem } : {}),
  };
}

export function freshnessReport(committed: CommittedFile, services: ServiceHotEdges[], min = DEFAULT_MIN_HOT_SHARE): FreshnessReport {
  return summariseFreshness(
    services.map((s) => serviceFreshness(committed, s)),
    min,
  );
}

/** The verdict over per-service rows: each service counts the same; one below `min` makes it stale. */
export function summariseFreshness(rows: ServiceFreshness[], min: number): FreshnessReport {
  const shares = rows.flatMap((r) => (r.hotShare === null ? [] : [r.hotShare]));
  const stale = rows.flatMap((r) => (r.hotShare !== null && r.hotShare < min ? [{ service: r.service, hotShare: r.hotShare }] : []));
  return {
    services: rows,
    hotShare: shares.length > 0 ? shares.reduce((a, b) => a + b, 0) / shares.length : null,
    fresh: stale.length === 0,
    min,
    stale,
  };
}

/** The 412 message for CI: which services fell below the minimum, and what to do. */
export function staleMessage(report: FreshnessReport): string {
  const list = report.stale.map((s) => `${s.service} ${(s.hotShare * 100).toFixed(1)}%`).join(", ");
  return `the committed default.pgo is stale: below the minimum hot share of ${(report.min * 100).toFixed(0)}% for ${list}; download a fresh merge (GET /api/pgo) and commit it`;
}
