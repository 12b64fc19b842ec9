import { describe, expect, it } from "vitest";
import type { Profile } from "pprof-format";
import { readProfileNow } from "./summary";

const readProfileSummary = (bytes: Uint8Array) => readProfileNow(bytes).summary;
import { buildProfile, parsePprofValue, pprofTopOutputs, readFixture } from "./testdata/fixtures";

const cpu = readProfileSummary(readFixture("go19-cpu"));
const heap = readProfileSummary(readFixture("go19-heap"));
const gdu = readProfileSummary(readFixture("gdu"));
/** A hand-built profile's summary, read from its bytes. */
const summaryOf = (p: Profile) => readProfileSummary(p.encode());

describe("readProfileSummary", () => {
  it("lists the sample types, period and timing of a Go CPU profile", () => {
    expect(cpu.sampleTypes).toEqual([
      { type: "samples", unit: "count" },
      { type: "cpu", unit: "nanoseconds" },
    ]);
    expect(cpu.defaultSampleType).toBe("cpu");
    expect(cpu.periodType).toEqual({ type: "cpu", unit: "nanoseconds" });
    expect(cpu.period).toBe(10_000_000);
    expect(cpu.durationNanos).toBe(3_109_307_554);
    expect(cpu.timeNanos).toBeCloseTo(1_795_455_859_709_074_291, -4);
    expect(cpu.sampleCount).toBe(157);
    expect(cpu.functionCount).toBe(37);
  });

  it("picks the last sample type as default for a heap profile without default_sample_type", () => {
    expect(heap.sampleTypes.map((t) => t.type)).toEqual(["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"]);
    expect(heap.defaultSampleType).toBe("inuse_space");
    expect(heap.periodType).toEqual({ type: "space", unit: "bytes" });
  });

  it("sums each value column to pprof's totals", () => {
    for (const out of pprofTopOutputs().filter((o) => o.exact)) {
      const summary = readProfileSummary(readFixture(out.fixture));
      expect(summary.totals[out.sampleType], out.file).toBe(parsePprofValue(out.total).value);
    }
    expect(cpu.totals).toEqual({ samples: 300, cpu: 3_000_000_000 });
  });

  it("finds a real Go 1.20+ CPU profile usable for PGO", () => {
    expect(gdu.pgo).toEqual({ usable: true, problems: [] });
  });

  it("explains that a Go 1.19 profile lacks Function.start_line", () => {
    expect(cpu.pgo.usable).toBe(false);
    expect(cpu.pgo.problems).toHaveLength(1);
    expect(cpu.pgo.problems[0]).toMatch(/profile missing Function\.start_line data/);
    expect(cpu.pgo.problems[0]).toMatch(/Go 1\.19 or older/);
  });

  it("explains that a heap profile has no CPU sample type, alongside its other problems", () => {
    expect(heap.pgo.usable).toBe(false);
    expect(heap.pgo.problems).toEqual([
      expect.stringMatching(/^no samples\/count or cpu\/nanoseconds sample type \(this profile has alloc_objects\/count, /),
      expect.stringMatching(/Function\.start_line/),
    ]);
  });

  it("flags a profile without samples", () => {
    const empty = summaryOf(buildProfile({ sampleTypes: [["samples", "count"]], samples: [], startLines: true }));
    expect(empty.sampleCount).toBe(0);
    expect(empty.totals).toEqual({ samples: 0 });
    expect(empty.pgo.usable).toBe(false);
    expect(empty.pgo.problems).toEqual([expect.stringMatching(/no samples/)]);
  });

  it("flags a profile whose samples add up to zero", () => {
    const zero = summaryOf(
      buildProfile({ sampleTypes: [["samples", "count"]], samples: [{ stack: [["f"]], values: [0] }], startLines: true }),
    );
    expect(zero.pgo.problems).toEqual([expect.stringMatching(/total is zero/)]);
  });

  it("reads negative int64 sample values as negative numbers", () => {
    const p = buildProfile({ sampleTypes: [["samples", "count"]], samples: [{ stack: [["f"]], values: [5] }] });
    p.sample[0].value = [2n ** 64n - 3n];
    expect(summaryOf(p).totals.samples).toBe(-3);
  });
});
