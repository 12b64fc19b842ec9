import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { flameTree } from "../../testing/pprof/decoded-index";
import { encodeProfileGzip, equaliseWeights, mergeProfileBytes } from "../pprof/merge";
import { MERGE_TESTDATA, readProfile } from "../../testing/pprof/merge-testutil";
import { coverageFromEdgeMaps } from "../pprof/pgo-coverage";
import { compareEdges, hotEdges, pgoEdgeMap, PGO_MISSING_START_LINE, PGO_NO_SAMPLE_TYPE, type PgoEdgeMap } from "../pprof/pgo-edges";
import { DO_NOT_INLINE_PREFIX, guardHazards } from "../pprof/pgo-hazards";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import type { ProfileDto } from "../profiles/profile-dto";
import { mergeFlameTrees } from "./flame-merge";
import { buildInputIndex } from "./input-index";
import { sameEdgeMap } from "./merged-file";
import { computePreview, type LoadedInput } from "./preview";
import { DEFAULT_OPTIONS, type MergeSelection } from "./selection";

interface Input {
  name: string;
  service: string;
  bytes: Uint8Array;
}

const file = (name: string, service = name): Input => ({ name, service, bytes: new Uint8Array(readFileSync(path.join(MERGE_TESTDATA, name))) });
const synthetic = (seed: number, service = `synthetic-${seed}`): Input => ({
  name: `synthetic-${seed}`,
  service,
  bytes: encodeProfileGzip(syntheticProfile({ seed, samples: 6000, stacks: 800, functions: 300 })),
});

function raw(bytes: Uint8Array): Uint8Array {
  const out = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : Buffer.from(bytes);
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

function loaded(inputs: Input[]): LoadedInput[] {
  return inputs.map((i, k) => ({
    profile: { id: `p${k}`, service: i.service, capturedAt: "2026-11-23T17:40:05.000Z" } as ProfileDto,
    index: buildInputIndex(raw(i.bytes)),
  }));
}

function selection(n: number, over: Partial<MergeSelection> = {}, weights: number[] = []): MergeSelection {
  const ids = Array.from({ length: n }, (_, k) => `p${k}`);
  return {
    profileIds: ids,
    weights: Object.fromEntries(weights.map((w, k) => [ids[k], w])),
    equalise: false,
    options: { ...DEFAULT_OPTIONS },
    ...over,
  };
}

/** pgoEdgeMap of the file pprof's merge writes (the reference for the preview). */
function writtenEdgeMap(inputs: Input[], weights: number[] = [], guard = false): PgoEdgeMap {
  const merged = decodeProfile(mergeProfileBytes(inputs.map((i, k) => ({ data: i.bytes, weight: weights[k] ?? 1 })), { dropLabels: true }));
  if (guard) guardHazards(merged);
  return pgoEdgeMap(merged);
}

const CASES: { title: string; inputs: () => Input[]; weights?: number[]; guard?: boolean }[] = [
  { title: "two real Go 1.20+ profiles", inputs: () => [file("gdu.default.pgo"), file("roulette.default.pgo")] },
  { title: "the same, weighted 3 and 0.37 (Go's rounding per sample)", inputs: () => [file("gdu.default.pgo"), file("roulette.default.pgo")], weights: [3, 0.37] },
  {
    title: "three Go 1.26 services of one binary (labels, start lines)",
    inputs: () => [file("../go126-users.pb.gz", "users"), file("../go126-search.pb.gz", "search"), file("../go126-reports.pb.gz", "reports")],
  },
  { title: "Go 1.19 profiles (no start lines), one listed twice", inputs: () => [file("go19-cpu-b.pb.gz"), file("go19-cpu-a.pb.gz"), file("go19-cpu-b.pb.gz", "b2")] },
  { title: "synthetic profiles with labels and inlined frames", inputs: () => [synthetic(1), synthetic(2), synthetic(3)], weights: [1, 2.5, 1] },
  { title: "synthetic profiles with the hazard guard", inputs: () => [synthetic(4), synthetic(5)], guard: true },
];

describe.each(CASES)("merge preview edge map = pgoEdgeMap of the merged file: $title", ({ inputs, weights = [], guard = false }) => {
  const ins = inputs();
  const result = computePreview(selection(ins.length, { options: { ...DEFAULT_OPTIONS, guardHazards: guard } }, weights), loaded(ins));
  const want = writtenEdgeMap(ins, weights, guard);

  it("has the same edges, weights, total and start-line verdict", () => {
    const got = result.edgeMap()!;
    expect(got.totalWeight).toBe(want.totalWeight);
    expect(got.missingStartLine).toBe(want.missingStartLine);
    expect(got.sampleType).toBe(want.sampleType);
    expect([...got.edges.values()].sort(compareEdges)).toEqual([...want.edges.values()].sort(compareEdges));
    expect(sameEdgeMap(got, want)).toBe(true);
  });

  it("selects the hot call sites as Go does (heaviest first, threshold crossing included)", () => {
    const hot = hotEdges(want, 99);
    expect(result.preview.hotEdges.edges).toEqual(hot.edges);
    expect(result.preview.hotEdges.thresholdWeight).toBe(hot.thresholdWeight);
    expect(result.preview.hotEdges.totalWeight).toBe(want.totalWeight);
    expect(result.preview.hotEdges.edgeCount).toBe(want.edges.size);
    expect(result.preview.hotEdges.error).toBe(want.error);
  });

  it("gives each service the coverage lib/pprof/pgo-coverage computes", () => {
    const services = [...new Set(ins.map((i) => i.service))];
    const own = services.map((service) => ({ service, edges: writtenEdgeMap(ins.filter((i) => i.service === service), weights.filter((_, k) => ins[k].service === service), guard) }));
    const ref = coverageFromEdgeMaps(own, want, { cdfPercent: 99 }).services;
    expect(
      result.preview.coverage.map((c) => ({ service: c.service, coverage: c.hotShare, hotEdges: c.hotEdges, coveredWeight: c.coveredWeight, missing: c.missing })),
    ).toEqual(ref.map((c) => ({ service: c.service, coverage: c.coverage, hotEdges: c.hotEdges, coveredWeight: c.coveredWeight, missing: c.missing })));
  });

  it("gives contributions that are each input's share of the merged total", () => {
    const merged = decodeProfile(mergeProfileBytes(ins.map((i, k) => ({ data: i.bytes, weight: weights[k] ?? 1 }))));
    const col = merged.sampleType.findIndex((st) => merged.stringTable.strings[Number(st.type)] === "samples");
    const total = merged.sample.reduce((s, x) => s + Number(x.value[col]), 0);
    const shares = result.preview.contributions.map((c) => c.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(result.preview.contributions.reduce((s, c) => s + c.value, 0)).toBe(total);
  });
});

describe("merge preview warnings", () => {
  it("Go 1.19 inputs only: go build -pgo fails, with Go's message", () => {
    const r = computePreview(selection(2), loaded([file("go19-cpu-a.pb.gz"), file("go19-cpu-b.pb.gz")]));
    expect(r.preview.hotEdges.missingStartLine).toBe(true);
    expect(r.preview.hotEdges.error).toBe(PGO_MISSING_START_LINE);
    expect(r.preview.warnings.join("\n")).toContain("go build -pgo fails");
  });

  it("one Go 1.19 input among Go 1.20+ ones: named, with its share of the edge weight", () => {
    const r = computePreview(selection(2), loaded([file("gdu.default.pgo", "users"), file("go19-cpu-a.pb.gz", "legacy")]));
    expect(r.preview.hotEdges.error).toBeUndefined();
    const w = r.preview.warnings.find((x) => x.startsWith("legacy"));
    expect(w).toMatch(/has no Function.start_line .* take \d+(\.\d+)?% of the merged edge weight/);
    expect(r.preview.inputs.map((i) => i.missingStartLine)).toEqual([false, true]);
  });

  it("heap profiles: no usable sample type, Go's message, no hot call sites", () => {
    const r = computePreview(selection(2), loaded([file("go19-heap.pb.gz"), file("go19-heap.pb.gz", "other")]));
    expect(r.edgeMap()).toBeNull();
    expect(r.preview.hotEdges.error).toBe(PGO_NO_SAMPLE_TYPE);
    expect(r.preview.hotEdges.edges).toEqual([]);
    expect(r.preview.warnings[0]).toContain("no samples/count or cpu/nanoseconds sample type");
    expect(r.preview.contributionType.type).toBe("inuse_space");
  });

  it("CPU with heap: refused with pprof's reason (422) before anything else", () => {
    let err: unknown;
    try {
      computePreview(selection(2), loaded([file("go19-cpu-a.pb.gz"), file("go19-heap.pb.gz")]));
    } catch (e) {
      err = e;
    }
    expect((err as { status?: number }).status).toBe(422);
    expect((err as Error).message).toContain("profiles have empty common sample type list");
  });

  it("an empty input is named", () => {
    const empty = syntheticProfile({ seed: 9, samples: 10, stacks: 5, functions: 20 });
    empty.sample = [];
    const r = computePreview(selection(2), loaded([file("gdu.default.pgo", "users"), { name: "empty", service: "idle", bytes: encodeProfileGzip(empty) }]));
    expect(r.preview.warnings.some((w) => w.startsWith("idle") && w.includes("is empty"))).toBe(true);
    expect(r.preview.contributions[1].share).toBe(0);
  });

  it("PGO hazards: warned about when unguarded, renamed (and not warned about) when guarded", () => {
    const ins = [synthetic(6), synthetic(7)];
    const plain = computePreview(selection(2), loaded(ins));
    expect(plain.preview.warnings.join("\n")).toContain("runtime.gopark");
    expect(plain.preview.hazards.map((h) => h.id).sort()).toEqual(["grpc-loopy-process-data", "runtime-gopark"]);
    const guarded = computePreview(selection(2, { options: { ...DEFAULT_OPTIONS, guardHazards: true } }), loaded(ins));
    expect(guarded.preview.warnings.join("\n")).not.toContain("runtime.gopark");
    expect(guarded.preview.hazards.every((h) => h.guarded)).toBe(true);
    expect(guarded.preview.hotEdges.edges.some((e) => e.callee === `${DO_NOT_INLINE_PREFIX}runtime.gopark`)).toBe(true);
    expect(guarded.preview.hotEdges.edges.some((e) => e.callee === "runtime.gopark")).toBe(false);
  });
});

describe("weights", () => {
  it("equalise gives the weights of equaliseWeights on samples", () => {
    const ins = [file("gdu.default.pgo"), file("roulette.default.pgo")];
    const r = computePreview(selection(2, { equalise: true }), loaded(ins));
    // Totals are those the merge keeps (pprof drops samples without locations), so the
    // weights are within a hair of equaliseWeights'.
    const reference = equaliseWeights([readProfile("gdu.default.pgo"), readProfile("roulette.default.pgo")], "samples");
    r.weights.forEach((w, k) => expect(Math.abs(w / reference[k] - 1)).toBeLessThan(1e-3));
    // Equal up to Go's per-sample rounding of value × weight (roulette's samples are small counts).
    const [a, b] = r.preview.contributions;
    expect(Math.abs(a.share - b.share)).toBeLessThan(0.005);
    expect(r.preview.weightsEqualised).toBe(true);
  });

  it("weight 1 is exactly go tool pprof -proto's plain sum", () => {
    const ins = [file("gdu.default.pgo"), file("roulette.default.pgo")];
    const r = computePreview(selection(2), loaded(ins));
    expect(r.weights).toEqual([1, 1]);
    const ref = readFileSync(path.join(MERGE_TESTDATA, "expected", "real-world.merged.edges.txt"), "utf8");
    expect(ref).toContain(`# total ${r.preview.hotEdges.totalWeight}`);
    expect(ref).toContain(`# hot ${r.preview.hotEdges.count} cdf 99 threshold ${r.preview.hotEdges.thresholdWeight}`);
  });
});

describe("merged flame graph", () => {
  it("summing the inputs' trees by name path gives the merged profile's tree (below the root)", () => {
    const ins = [file("gdu.default.pgo"), file("roulette.default.pgo")];
    const trees = ins.map((i) => flameTree(decodeProfile(i.bytes), 1));
    const merged = mergeFlameTrees(
      trees.map((t) => ({ tree: t.tree, scale: 1 })),
      { minFraction: 0 },
    );
    const want = flameTree(decodeProfile(mergeProfileBytes(ins.map((i) => ({ data: i.bytes })))), 1);
    // The merge drops samples without locations; the inputs' roots still count them.
    expect(merged.tree.children).toEqual(want.tree.children);
    expect(merged.total).toBeGreaterThanOrEqual(want.total);
  });

  it("prunes frames under the fraction of the merged total and counts what it folded", () => {
    const ins = [file("gdu.default.pgo"), file("roulette.default.pgo")];
    const trees = ins.map((i) => flameTree(decodeProfile(i.bytes), 1));
    const merged = mergeFlameTrees(
      trees.map((t) => ({ tree: t.tree, scale: 2 })),
      { minFraction: 0.01, guardedNames: new Set(["runtime.gopark"]) },
    );
    expect(merged.total).toBe(2 * (trees[0].total + trees[1].total));
    expect(merged.folded.frames).toBeGreaterThan(0);
    const names: string[] = [];
    const walk = (n: { name: string; value: number; children: { name: string; value: number; children: never[] }[] }) => {
      names.push(n.name);
      for (const c of n.children) {
        expect(c.value).toBeGreaterThanOrEqual(0.01 * merged.total);
        walk(c);
      }
    };
    walk(merged.tree as never);
    expect(names).not.toContain("runtime.gopark");
  });
});

describe("stored input indexes", () => {
  it("round-trip through the blob format unchanged, header bigints included, and preview the same", async () => {
    const { decodeIndex, encodeIndex } = await import("./index-codec");
    const ins = [file("gdu.default.pgo"), synthetic(8)];
    const original = loaded(ins);
    const again = original.map((i) => ({ ...i, index: decodeIndex(encodeIndex(i.index))! }));
    again.forEach((i, k) => expect(i.index).toEqual(original[k].index));
    expect(typeof again[1].index.header.timeNanos).toBe("bigint");
    const sel = selection(2, { equalise: true, options: { ...DEFAULT_OPTIONS, guardHazards: true } });
    expect(computePreview(sel, again).preview).toEqual(computePreview(sel, original).preview);
  });

  it("ignore damaged blobs", async () => {
    const { decodeIndex, encodeIndex } = await import("./index-codec");
    const bytes = encodeIndex(loaded([file("roulette.default.pgo")])[0].index);
    expect(decodeIndex(bytes.subarray(0, bytes.length - 10))).toBeNull();
    expect(decodeIndex(new Uint8Array([1, 2, 3]))).toBeNull();
  });
});
