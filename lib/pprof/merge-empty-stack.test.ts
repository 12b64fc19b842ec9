import { describe, expect, it } from "vitest";
import { decodeGzip } from "../../testing/pprof/merge-testutil";
import { mergeProfileBytes } from "./merge";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { buildProfile } from "./testdata/fixtures";

// Go's runtime writes some CPU samples without locations (gdu.default.pgo has one of 8, roulette's
// one of 1). Go 1.26's `go tool pprof -proto` keeps them, merged into one sample; Go 1.19's dropped
// them. real-world.merged.pb.gz (Go 1.26's merge of the two) holds the 9.
const withEmpty = (n: number) =>
  buildProfile({
    sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]],
    samples: [
      { stack: [["work"], ["main"]], values: [3, 30] },
      { stack: [], values: [n, 10 * n] },
    ],
    startLines: true,
  });

describe("samples without locations", () => {
  it("are kept by mergeProfiles and summed into one sample, as Go 1.26's pprof does", () => {
    const merged = mergeProfiles([{ profile: withEmpty(8) }, { profile: withEmpty(1) }]);
    const empty = merged.sample.filter((s) => s.locationId.length === 0);
    expect(empty.map((s) => s.value.map(Number))).toEqual([[9, 90]]);
    expect(merged.sample.reduce((sum, s) => sum + Number(s.value[0]), 0)).toBe(15);
  });

  it("are kept by mergeProfileBytes (the streamed path) too", () => {
    const merged = decodeGzip(mergeProfileBytes([{ data: withEmpty(8).encode() }, { data: withEmpty(1).encode() }]));
    expect(merged.sample.filter((s) => s.locationId.length === 0).map((s) => s.value.map(Number))).toEqual([[9, 90]]);
  });
});
