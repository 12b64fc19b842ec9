import { readFileSync } from "node:fs";
import path from "node:path";
import { ValueType, type Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { equaliseWeights, MergeError, mergeProfileBytes } from "./merge";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { canonical, decodeGzip, flatCum, MERGE_TESTDATA, readProfile, sampleIndex } from "../../testing/pprof/merge-testutil";
import { syntheticProfile } from "../../testing/pprof/synthetic";

const cpuA = () => readProfile("go19-cpu-a.pb.gz");
const cpuB = () => readProfile("go19-cpu-b.pb.gz");
const heap = () => readProfile("go19-heap.pb.gz");

function total(p: Profile, type: string): number {
  const col = sampleIndex(p, type);
  return p.sample.reduce((acc, s) => acc + Number(s.value[col]), 0);
}

function mergeError(fn: () => unknown): MergeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MergeError) return e;
    throw e;
  }
  throw new Error("expected a MergeError");
}

describe("mergeProfiles errors (pprof's reasons)", () => {
  it("CPU + heap: no common sample type", () => {
    const e = mergeError(() => mergeProfiles([{ profile: cpuA() }, { profile: heap() }]));
    expect(e.reason).toBe("empty-common-sample-types");
    expect(e.message).toBe("profiles have empty common sample type list");
  });

  it("same sample types, other period type: incompatible period types", () => {
    const b = cpuB();
    b.periodType = new ValueType({ type: b.stringTable.dedup("space"), unit: b.stringTable.dedup("bytes") });
    const e = mergeError(() => mergeProfiles([{ profile: cpuA() }, { profile: b }]));
    expect(e.reason).toBe("incompatible-period-types");
    expect(e.message).toBe("period type: incompatible types: {cpu nanoseconds 0 0} {space bytes 0 0}");

    const c = cpuB();
    c.periodType = new ValueType({ type: c.stringTable.dedup("cpus"), unit: c.stringTable.dedup("nanoseconds") });
    const e2 = mergeError(() => mergeProfiles([{ profile: cpuA() }, { profile: c }]));
    expect(e2.reason).toBe("incompatible-period-types");
    expect(e2.message).toBe("incompatible period types &{cpu nanoseconds 0 0} and &{cpus nanoseconds 0 0}");
  });

  it("no inputs, bad weights, malformed samples", () => {
    expect(mergeError(() => mergeProfiles([])).reason).toBe("no-profiles");
    expect(mergeError(() => mergeProfiles([{ profile: cpuA(), weight: Number.NaN }])).reason).toBe("invalid-weight");
    const bad = cpuA();
    bad.sample[0].value = [1];
    expect(mergeError(() => mergeProfiles([{ profile: bad }])).reason).toBe("malformed");
  });

  it("keeps only the common sample types, in the first input's order", () => {
    const a = cpuA();
    // Second input: only cpu/nanoseconds (drop samples/count).
    const b = cpuB();
    b.sampleType = [b.sampleType[1]];
    for (const s of b.sample) s.value = [s.value[1]];
    const m = mergeProfiles([{ profile: a }, { profile: b }]);
    expect(m.sampleType.map((st) => m.stringTable.strings[Number(st.type)])).toEqual(["cpu"]);
    expect(total(m, "cpu")).toBe(total(cpuA(), "cpu") + total(cpuB(), "cpu"));
  });
});

describe("mergeProfiles units", () => {
  it("scales milliseconds to the finest unit (nanoseconds), period included", () => {
    const ms = cpuB();
    const t = ms.stringTable;
    ms.sampleType[1] = new ValueType({ type: ms.sampleType[1].type, unit: t.dedup("milliseconds") });
    ms.periodType = new ValueType({ type: t.dedup("cpu"), unit: t.dedup("milliseconds") });
    ms.period = 10;
    for (const s of ms.sample) s.value = [s.value[0], Number(s.value[1]) / 1e6];
    const m = mergeProfiles([{ profile: ms }, { profile: cpuA() }]);
    const s = m.stringTable.strings;
    expect(s[Number(m.sampleType[1].unit)]).toBe("nanoseconds");
    expect(s[Number(m.periodType!.unit)]).toBe("nanoseconds");
    expect(Number(m.period)).toBe(10_000_000);
    expect(total(m, "cpu")).toBe(total(cpuA(), "cpu") + total(cpuB(), "cpu"));
  });
});

describe("weights", () => {
  it("weight 2 doubles every value (Profile.Scale, rounded)", () => {
    const one = mergeProfiles([{ profile: cpuB() }]);
    const two = mergeProfiles([{ profile: cpuB(), weight: 2 }]);
    const c1 = canonical(one) as { samples: { val: number[] }[] };
    const c2 = canonical(two) as { samples: { val: number[] }[] };
    expect(c2.samples.map((x) => x.val)).toEqual(c1.samples.map((x) => x.val.map((v) => v * 2)));
    for (const [name, r] of flatCum(one, "cpu")) expect(flatCum(two, "cpu").get(name)).toEqual({ flat: r.flat * 2, cum: r.cum * 2 });
  });

  it("rounds half away from zero and drops samples that round to zero", () => {
    const m = mergeProfiles([{ profile: cpuB(), weight: 0.5 }]);
    const src = cpuB();
    const expected = src.sample.map((x) => x.value.map((v) => Math.round(Number(v) * 0.5))).filter((v) => v.some((x) => x !== 0));
    expect(total(m, "samples")).toBe(expected.reduce((a, v) => a + v[0], 0));
    expect(mergeProfiles([{ profile: cpuB(), weight: 0 }]).sample).toHaveLength(0);
  });

  it("equaliseWeights gives every input the same total", () => {
    const a = cpuA();
    const b = cpuB();
    const [wa, wb] = equaliseWeights([a, b], "samples");
    expect(Math.min(wa, wb)).toBe(1);
    const ta = total(mergeProfiles([{ profile: a, weight: wa }]), "samples");
    const tb = total(mergeProfiles([{ profile: b, weight: wb }]), "samples");
    // Each sample rounds by at most 0.5.
    expect(Math.abs(ta - tb)).toBeLessThanOrEqual(0.5 * Math.max(a.sample.length, b.sample.length));
    const m = mergeProfiles([
      { profile: a, weight: wa },
      { profile: b, weight: wb },
    ]);
    expect(total(m, "samples")).toBe(ta + tb);
    expect(mergeError(() => equaliseWeights([a, heap()], "samples")).reason).toBe("missing-sample-type");
  });

  it("opposite weights cancel out and the merge is compacted (pprof re-merges zero samples)", () => {
    const m = mergeProfiles([{ profile: cpuA() }, { profile: cpuA(), weight: -1 }]);
    expect(m.sample).toHaveLength(0);
    expect(m.location).toHaveLength(0);
    expect(m.function).toHaveLength(0);
    const bytes = mergeProfileBytes([
      { data: readFileSync(path.join(MERGE_TESTDATA, "go19-cpu-a.pb.gz")) },
      { data: readFileSync(path.join(MERGE_TESTDATA, "go19-cpu-a.pb.gz")), weight: -1 },
    ]);
    expect(canonical(decodeGzip(bytes))).toEqual(canonical(m));
  });

  it("mergeProfileBytes applies weights like mergeProfiles", () => {
    const files = ["go19-cpu-a.pb.gz", "go19-cpu-b.pb.gz"].map((f) => readFileSync(path.join(MERGE_TESTDATA, f)));
    const bytes = mergeProfileBytes([{ data: files[0], weight: 3 }, { data: files[1], weight: 0.25 }]);
    const objects = mergeProfiles([
      { profile: cpuA(), weight: 3 },
      { profile: cpuB(), weight: 0.25 },
    ]);
    expect(canonical(decodeGzip(bytes))).toEqual(canonical(objects));
  });
});

describe("mergeProfileBytes input forms", () => {
  it("reads uncompressed pprof-format encodings (all arrays packed) like mergeProfiles", () => {
    const a = syntheticProfile({ seed: 11, samples: 3_000, stacks: 800, functions: 300 });
    const b = syntheticProfile({ seed: 12, samples: 3_000, stacks: 800, functions: 300 });
    const bytes = mergeProfileBytes([{ data: a.encode() }, { data: b.encode(), weight: 2 }], { dropLabels: true, gzipLevel: 1 });
    const objects = mergeProfiles(
      [
        { profile: a },
        { profile: b, weight: 2 },
      ],
      { dropLabels: true },
    );
    expect(canonical(decodeGzip(bytes))).toEqual(canonical(objects));
  });
});

describe("dropLabels", () => {
  it("removes labels so identical stacks merge; per-function figures unchanged", () => {
    // Same stacks as cpu-b, other label values: stays apart with labels, merges without.
    const relabelled = cpuB();
    const strings = relabelled.stringTable.strings;
    for (const v of ["sort", "strings"]) strings[strings.indexOf(v)] = `${v}-v2`;
    const withLabels = mergeProfiles([{ profile: cpuB() }, { profile: relabelled }, { profile: cpuA() }]);
    const dropped = mergeProfiles([{ profile: cpuB() }, { profile: relabelled }, { profile: cpuA() }], { dropLabels: true });
    expect(withLabels.sample.some((s) => s.label.length > 0)).toBe(true);
    expect(dropped.sample.every((s) => s.label.length === 0)).toBe(true);
    expect(dropped.sample.length).toBeLessThan(withLabels.sample.length);
    expect(new Set(dropped.sample.map((s) => s.locationId.join(","))).size).toBe(dropped.sample.length);
    expect(Object.fromEntries(flatCum(dropped, "cpu"))).toEqual(Object.fromEntries(flatCum(withLabels, "cpu")));
    expect(dropped.stringTable.strings).not.toContain("handler");
  });

  it("drops numeric labels too (heap)", () => {
    const dropped = mergeProfiles([{ profile: heap() }], { dropLabels: true });
    expect(dropped.sample.every((s) => s.label.length === 0)).toBe(true);
    expect(total(dropped, "inuse_space")).toBe(total(heap(), "inuse_space"));
  });
});
