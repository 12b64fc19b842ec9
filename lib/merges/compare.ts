/**
 * What changes for Go's compiler when default.pgo is replaced: the hot call sites of two
 * merges side by side. Weights are compared as shares of each merge's total edge weight
 * (two merges rarely have the same total), ranks as positions in Go's hot list.
 */
import { edgeKey, type PgoEdge } from "../pprof/pgo-edges";

export interface HotEdgeChange {
  caller: string;
  callee: string;
  offset: number;
  /** 1-based position in the hot list, null when not hot there. */
  baseRank: number | null;
  targetRank: number | null;
  baseWeight: number;
  targetWeight: number;
  /** Weight as a share (0..1) of the merge's total edge weight. */
  baseShare: number;
  targetShare: number;
  /** targetShare - baseShare. */
  shareDelta: number;
  /** targetRank - baseRank when hot in both (negative: moved up). */
  rankDelta: number | null;
}

export interface HotEdgeComparison {
  /** Hot in the target only: they get the larger inlining budget after the update. */
  appeared: HotEdgeChange[];
  /** Hot in the base only: they lose it. */
  disappeared: HotEdgeChange[];
  /** Hot in both, at another rank or share; largest share change first. */
  moved: HotEdgeChange[];
  unchanged: number;
  counts: { base: number; target: number; appeared: number; disappeared: number; moved: number };
}

/** Share changes smaller than this (0.01 percentage point) with the same rank count as unchanged. */
const SHARE_EPSILON = 1e-4;

export function compareHotEdges(
  base: { edges: PgoEdge[]; totalWeight: number },
  target: { edges: PgoEdge[]; totalWeight: number },
  limit: number | null = null,
): HotEdgeComparison {
  const key = (e: PgoEdge) => edgeKey(e.caller, e.offset, e.callee);
  const baseAt = new Map(base.edges.map((e, i) => [key(e), i]));
  const targetAt = new Map(target.edges.map((e, i) => [key(e), i]));
  const share = (w: number, total: number) => (total > 0 ? w / total : 0);
  const change = (e: PgoEdge, bi: number | undefined, ti: number | undefined): HotEdgeChange => {
    const baseWeight = bi === undefined ? 0 : base.edges[bi].weight;
    const targetWeight = ti === undefined ? 0 : target.edges[ti].weight;
    const baseShare = share(baseWeight, base.totalWeight);
    const targetShare = share(targetWeight, target.totalWeight);
    return {
      caller: e.caller,
      callee: e.callee,
      offset: e.offset,
      baseRank: bi === undefined ? null : bi + 1,
      targetRank: ti === undefined ? null : ti + 1,
      baseWeight,
      targetWeight,
      baseShare,
      targetShare,
      shareDelta: targetShare - baseShare,
      rankDelta: bi === undefined || ti === undefined ? null : ti - bi,
    };
  };
  const appeared: HotEdgeChange[] = [];
  const moved: HotEdgeChange[] = [];
  let unchanged = 0;
  target.edges.forEach((e, ti) => {
    const bi = baseAt.get(key(e));
    const c = change(e, bi, ti);
    if (bi === undefined) appeared.push(c);
    else if (c.rankDelta !== 0 || Math.abs(c.shareDelta) >= SHARE_EPSILON) moved.push(c);
    else unchanged++;
  });
  const disappeared: HotEdgeChange[] = [];
  base.edges.forEach((e, bi) => {
    if (!targetAt.has(key(e))) disappeared.push(change(e, bi, undefined));
  });
  moved.sort((a, b) => Math.abs(b.shareDelta) - Math.abs(a.shareDelta) || Math.abs(b.rankDelta ?? 0) - Math.abs(a.rankDelta ?? 0));
  const cut = <T,>(xs: T[]) => (limit === null ? xs : xs.slice(0, limit));
  return {
    appeared: cut(appeared),
    disappeared: cut(disappeared),
    moved: cut(moved),
    unchanged,
    counts: { base: base.edges.length, target: target.edges.length, appeared: appeared.length, disappeared: disappeared.length, moved: moved.length },
  };
}
