/**
 * How well a merged default.pgo serves each service that went into it. A service's own
 * hot call edges (its profile alone, Go's CDF rule) are what PGO would optimise for it;
 * coverage is the share of their weight (in the service's own profile) whose edges are
 * still hot in the merged profile. A small service merged with a big one loses its hot
 * edges to the big one's tail: weighting inputs (equaliseWeights) is the remedy.
 */
import type { ProfileModel as Profile } from "./profile-model";
import { edgeKey, hotEdges, pgoEdgeMap, type PgoEdge, type PgoEdgeMap } from "./pgo-edges";

export interface ServiceCoverage {
  service: string;
  /** The service's own hot edges and their total weight. */
  hotEdges: number;
  hotWeight: number;
  /** Those of them that are hot in the merged profile. */
  coveredEdges: number;
  coveredWeight: number;
  /** coveredWeight / hotWeight; null when the service has no hot edge. */
  coverage: number | null;
  /** The heaviest own hot edges that are not hot in the merged profile. */
  missing: PgoEdge[];
}

export interface PgoCoverage {
  cdfPercent: number;
  merged: { totalWeight: number; hotEdges: number; thresholdWeight: number };
  services: ServiceCoverage[];
}

export interface CoverageOptions {
  cdfPercent?: number;
  /** How many missing edges to list per service (default 10). */
  maxMissing?: number;
}

/** A service's own hot edges against the merge's: counts, weights and the heaviest missing ones. */
export type OwnCoverage = Omit<ServiceCoverage, "service">;

/**
 * The coverage of one service: `own` is its hot edges, heaviest first; `covered` says whether one
 * is hot in the merge. The preview (over its edge table) and coverageFromEdgeMaps both count here.
 */
export function ownCoverage<E>(own: readonly E[], weightOf: (e: E) => number, covered: (e: E) => boolean, edgeOf: (e: E) => PgoEdge, maxMissing = 10): OwnCoverage {
  let hotWeight = 0;
  let coveredWeight = 0;
  let coveredEdges = 0;
  const missing: PgoEdge[] = [];
  for (const e of own) {
    const w = weightOf(e);
    hotWeight += w;
    if (covered(e)) {
      coveredWeight += w;
      coveredEdges++;
    } else if (missing.length < maxMissing) {
      missing.push(edgeOf(e));
    }
  }
  return { hotEdges: own.length, hotWeight, coveredEdges, coveredWeight, coverage: hotWeight > 0 ? coveredWeight / hotWeight : null, missing };
}

/** Coverage from edge maps already built (pgoEdgeMap). */
export function coverageFromEdgeMaps(
  services: { service: string; edges: PgoEdgeMap }[],
  merged: PgoEdgeMap,
  opts: CoverageOptions = {},
): PgoCoverage {
  const cdf = opts.cdfPercent ?? 99;
  const mergedHot = hotEdges(merged, cdf);
  const hotKeys = new Set(mergedHot.edges.map((e) => edgeKey(e.caller, e.offset, e.callee)));
  return {
    cdfPercent: cdf,
    merged: { totalWeight: merged.totalWeight, hotEdges: mergedHot.edges.length, thresholdWeight: mergedHot.thresholdWeight },
    services: services.map(({ service, edges }) => {
      const own = edges.totalWeight > 0 ? hotEdges(edges, cdf).edges : [];
      const covered = (e: PgoEdge) => hotKeys.has(edgeKey(e.caller, e.offset, e.callee));
      return { service, ...ownCoverage(own, (e) => e.weight, covered, (e) => e, opts.maxMissing ?? 10) };
    }),
  };
}

/** Per-service PGO coverage of a merged profile. */
export function pgoCoverage(services: { service: string; profile: Profile }[], merged: Profile, opts: CoverageOptions = {}): PgoCoverage {
  return coverageFromEdgeMaps(
    services.map(({ service, profile }) => ({ service, edges: pgoEdgeMap(profile) })),
    pgoEdgeMap(merged),
    opts,
  );
}
