import { Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { readProfile } from "../../testing/pprof/merge-testutil";
import { expectedEdges } from "../../testing/pprof/compiler-edges";
import {
  compareEdges,
  edgeKey,
  hotEdges,
  PGO_MISSING_START_LINE,
  PGO_NO_SAMPLE_TYPE,
  pgoEdgeMap,
  PgoProfileError,
  type PgoEdge,
  type PgoEdgeMap,
} from "./pgo-edges";

function sorted(m: PgoEdgeMap): PgoEdge[] {
  return [...m.edges.values()].sort(compareEdges);
}

const realWorldMerged = () => mergeProfiles([{ profile: readProfile("gdu.default.pgo") }, { profile: readProfile("roulette.default.pgo") }]);

const CASES: [string, () => Profile][] = [
  ["gdu.default", () => readProfile("gdu.default.pgo")],
  ["roulette.default", () => readProfile("roulette.default.pgo")],
  ["real-world.merged", () => readProfile("expected/real-world.merged.pb.gz")],
  ["real-world.merged", realWorldMerged],
  ["go19-cpu-a", () => readProfile("go19-cpu-a.pb.gz")],
  ["go126-services.merged", () => readProfile("expected/go126-services.merged.pb.gz")],
];

describe.each(CASES)("pgoEdgeMap vs the compiler's edge map (go tool preprofile): %s", (name, load) => {
  const want = expectedEdges(name);
  const m = pgoEdgeMap(load());

  it("has the same edges, weights, total and start-line verdict", () => {
    expect(m.sampleType).toBe(want.sampleType);
    expect(m.totalWeight).toBe(want.total);
    expect(m.missingStartLine).toBe(want.missingStartLine);
    expect(sorted(m)).toEqual(want.edges);
  });

  it("has the same hot call sites at cdf 99", () => {
    const hot = hotEdges(m, 99);
    expect(hot.edges).toEqual(want.edges.slice(0, want.hot));
    expect(hot.thresholdWeight).toBe(want.threshold);
  });

  it("keeps the invariants: weights sum to the total, threshold crossing included, Go order", () => {
    const all = sorted(m);
    expect(all.reduce((a, e) => a + e.weight, 0)).toBe(m.totalWeight);
    for (const cdf of [50, 80, 90, 99, 99.9]) {
      const hot = hotEdges(m, cdf);
      const cum = hot.edges.reduce((a, e) => a + e.weight, 0);
      const last = hot.edges[hot.edges.length - 1];
      expect((cum / m.totalWeight) * 100).toBeGreaterThan(cdf);
      expect(((cum - last.weight) / m.totalWeight) * 100).toBeLessThanOrEqual(cdf);
      expect(hot.thresholdWeight).toBe(last.weight);
      expect(hot.edges).toEqual(all.slice(0, hot.edges.length));
    }
    for (let i = 1; i < all.length; i++) expect(compareEdges(all[i - 1], all[i])).toBeLessThan(0);
    expect(hotEdges(m, 100).edges).toHaveLength(all.length);
    expect(hotEdges(m, 100).thresholdWeight).toBe(0);
  });
});

describe("pgoEdgeMap details", () => {
  it("hand-checked edges of gdu.default.pgo (go tool pprof -raw)", () => {
    // Location 9 = 0x44bdf2 runtime.nanotime time_nofake.go:19 (s=18), inlined in
    // runtime.checkTimers proc.go:3960 (s=3945). Samples with it as leaf: 369 + 265 + 9 + 2.
    // Location 10 = runtime.findRunnable proc.go:3160 (s=3139), caller of location 9 in the
    // first three, of two other checkTimers leaf locations (2040, 2494) with 1 sample each.
    const m = pgoEdgeMap(readProfile("gdu.default.pgo"));
    expect(m.edges.get(edgeKey("runtime.checkTimers", 15, "runtime.nanotime"))?.weight).toBe(645);
    expect(m.edges.get(edgeKey("runtime.findRunnable", 21, "runtime.checkTimers"))?.weight).toBe(645);
    expect(hotEdges(m).edges[0]).toEqual({ caller: "syscall.RawSyscall6", callee: "runtime/internal/syscall.Syscall6", offset: 1, weight: 5279 });
  });

  it("counts once per node pair, like Go, not once per named edge (recursion through inlining)", () => {
    // gdu's (*Dir).GetItemStats inlines (*Dir).UpdateStats, which recurses into GetItemStats:
    // samples whose two innermost locations are both such inlined pairs (e.g. 281 and 282,
    // different addresses) add their value twice to GetItemStats -> UpdateStats at offset 1.
    // Counting each named edge once per sample would give 140.
    const m = pgoEdgeMap(readProfile("gdu.default.pgo"));
    const pkg = "github.com/dundee/gdu/v5/pkg/analyze";
    expect(m.edges.get(edgeKey(`${pkg}.(*Dir).GetItemStats`, 1, `${pkg}.(*Dir).UpdateStats`))?.weight).toBe(177);
  });

  it("the edge map of a merge is the sum of the inputs' edge maps", () => {
    const a = pgoEdgeMap(readProfile("gdu.default.pgo"));
    const b = pgoEdgeMap(readProfile("roulette.default.pgo"));
    const sum = new Map<string, number>();
    for (const m of [a, b]) for (const [k, e] of m.edges) sum.set(k, (sum.get(k) ?? 0) + e.weight);
    const merged = pgoEdgeMap(realWorldMerged());
    expect(new Map([...merged.edges].map(([k, e]) => [k, e.weight]))).toEqual(sum);
    expect(merged.totalWeight).toBe(a.totalWeight + b.totalWeight);
  });

  it("Go 1.19 profiles: edges on absolute lines, flagged with Go's build error", () => {
    const m = pgoEdgeMap(readProfile("go19-cpu-b.pb.gz"));
    expect(m.missingStartLine).toBe(true);
    expect(m.error).toBe(PGO_MISSING_START_LINE);
    expect(m.edges.size).toBeGreaterThan(0);
  });

  it("rejects a heap profile with Go's message; accepts an empty one", () => {
    let err: unknown;
    try {
      pgoEdgeMap(readProfile("go19-heap.pb.gz"));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgoProfileError);
    expect((err as Error).message).toBe(PGO_NO_SAMPLE_TYPE);
    const empty = pgoEdgeMap(new Profile());
    expect(empty.empty).toBe(true);
    expect(empty.totalWeight).toBe(0);
  });

  it("reads cpu/nanoseconds when it comes before samples/count", () => {
    const p = readProfile("gdu.default.pgo");
    p.sampleType.reverse();
    for (const s of p.sample) s.value.reverse();
    const m = pgoEdgeMap(p);
    expect(m.sampleType).toBe("cpu/nanoseconds");
    expect(m.totalWeight).toBe(expectedEdges("gdu.default").total * 10_000_000);
  });
});
