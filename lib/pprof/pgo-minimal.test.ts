import { describe, expect, it } from "vitest";
import { Profile } from "pprof-format";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { canonical, decodeGzip, readProfile } from "../../testing/pprof/merge-testutil";
import { pgoEdgeMap, type PgoEdgeMap } from "./pgo-edges";
import { PGO_LOCATIONS, pgoTrimStats, trimForPgo } from "./pgo-minimal";
import { encodeProfileGzip } from "./merge";
import { syntheticProfile } from "../../testing/pprof/synthetic";

function weights(m: PgoEdgeMap) {
  return {
    sampleType: m.sampleType,
    total: m.totalWeight,
    missingStartLine: m.missingStartLine,
    edges: Object.fromEntries([...m.edges].map(([k, e]) => [k, e.weight])),
  };
}

const CASES: [string, () => Profile][] = [
  ["gdu.default.pgo", () => readProfile("gdu.default.pgo")],
  ["roulette.default.pgo", () => readProfile("roulette.default.pgo")],
  ["gdu + roulette merged", () => mergeProfiles([{ profile: readProfile("gdu.default.pgo") }, { profile: readProfile("roulette.default.pgo") }])],
  ["go19-cpu-b (labels, no start lines)", () => readProfile("go19-cpu-b.pb.gz")],
  ["synthetic (50k samples, 10k stacks)", () => syntheticProfile({ seed: 3, samples: 50_000, stacks: 10_000, functions: 2_000 })],
];

describe.each(CASES)("trimForPgo: %s", (name, load) => {
  it("keeps the PGO edge map identical and shrinks the file", () => {
    const p = load();
    const trimmed = trimForPgo(p);
    expect(weights(pgoEdgeMap(trimmed))).toEqual(weights(pgoEdgeMap(p)));
    // The encoded file gives the same map too.
    expect(weights(pgoEdgeMap(decodeGzip(encodeProfileGzip(trimmed))))).toEqual(weights(pgoEdgeMap(p)));
    expect(trimmed.sample.every((s) => s.locationId.length <= PGO_LOCATIONS && s.label.length === 0)).toBe(true);
    expect(new Set(trimmed.sample.map((s) => s.locationId.join(","))).size).toBe(trimmed.sample.length);
    const stats = pgoTrimStats(p, trimmed);
    console.info(`trimForPgo ${name}: ${JSON.stringify(stats)}`);
    expect(stats.bytes[1]).toBeLessThan(stats.bytes[0]);
    expect(stats.locations[1]).toBeLessThanOrEqual(stats.locations[0]);
  });
});

describe("trimForPgo details", () => {
  it("keeps headers and start lines, and is idempotent", () => {
    const p = readProfile("gdu.default.pgo");
    const t = trimForPgo(p);
    const c = canonical(t) as Record<string, unknown>;
    const o = canonical(p) as Record<string, unknown>;
    for (const k of ["sampleType", "periodType", "period", "timeNanos", "durationNanos"]) expect(c[k]).toEqual(o[k]);
    expect(t.function.every((f) => Number(f.startLine) > 0)).toBe(true);
    expect(canonical(trimForPgo(t))).toEqual(c);
  });

  it("accepts an empty profile", () => {
    expect(trimForPgo(new Profile()).sample).toHaveLength(0);
  });
});
