import { describe, expect, it } from "vitest";
import type { PgoEdge } from "../pprof/pgo-edges";
import { compareHotEdges } from "./compare";

const e = (caller: string, callee: string, weight: number, offset = 1): PgoEdge => ({ caller, callee, offset, weight });

describe("compareHotEdges", () => {
  const base = { totalWeight: 100, edges: [e("a", "b", 50), e("c", "d", 30), e("e", "f", 10), e("g", "h", 5)] };
  const target = { totalWeight: 200, edges: [e("c", "d", 110), e("a", "b", 60), e("x", "y", 20), e("e", "f", 10)] };
  const cmp = compareHotEdges(base, target);

  it("lists call sites that become hot, in the target's order", () => {
    expect(cmp.appeared.map((c) => `${c.caller}->${c.callee}`)).toEqual(["x->y"]);
    expect(cmp.appeared[0]).toMatchObject({ baseRank: null, targetRank: 3, targetShare: 0.1, baseShare: 0, rankDelta: null });
  });

  it("lists call sites that stop being hot, in the base's order", () => {
    expect(cmp.disappeared.map((c) => `${c.caller}->${c.callee}`)).toEqual(["g->h"]);
    expect(cmp.disappeared[0]).toMatchObject({ baseRank: 4, targetRank: null, baseShare: 0.05, targetShare: 0 });
  });

  it("lists call sites that move, largest share change first, and counts the unchanged", () => {
    // c->d: 30% → 55% (rank 2 → 1); a->b: 50% → 30% (1 → 2); e->f: 10% → 5% (3 → 4).
    expect(cmp.moved.map((c) => [`${c.caller}->${c.callee}`, c.rankDelta, Math.round(c.shareDelta * 100)])).toEqual([
      ["c->d", -1, 25],
      ["a->b", 1, -20],
      ["e->f", 1, -5],
    ]);
    expect(cmp.unchanged).toBe(0);
    expect(cmp.counts).toEqual({ base: 4, target: 4, appeared: 1, disappeared: 1, moved: 3 });
  });

  it("a merge compared with itself changes nothing", () => {
    const same = compareHotEdges(base, base);
    expect(same.appeared).toEqual([]);
    expect(same.disappeared).toEqual([]);
    expect(same.moved).toEqual([]);
    expect(same.unchanged).toBe(4);
  });

  it("limits the lists but not the counts", () => {
    const limited = compareHotEdges(base, target, 1);
    expect(limited.moved).toHaveLength(1);
    expect(limited.counts.moved).toBe(3);
  });
});
