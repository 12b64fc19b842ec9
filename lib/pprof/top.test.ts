import { describe, expect, it } from "vitest";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { UnknownSampleTypeError } from "./sample-type";
import { buildProfile, parsePprofValue, pprofTopOutputs, readFixture, type FixtureName } from "./testdata/fixtures";
import { topTable } from "../../testing/pprof/decoded-index";

const decoded = new Map<FixtureName, ReturnType<typeof decodeProfile>>();
function fixture(name: FixtureName) {
  let p = decoded.get(name);
  if (!p) {
    p = decodeProfile(readFixture(name));
    decoded.set(name, p);
  }
  return p;
}

const outputs = pprofTopOutputs();

describe("topTable against go tool pprof -top", () => {
  it("has reference output for every sample type of every fixture", () => {
    const exact = outputs.filter((o) => o.exact).map((o) => `${o.fixture}.${o.sampleType}`);
    expect(exact).toEqual([
      "gdu.samples",
      "gdu.cpu",
      "go126-heap.alloc_objects",
      "go126-heap.alloc_space",
      "go126-heap.inuse_objects",
      "go126-heap.inuse_space",
      "go126-reports.samples",
      "go126-reports.cpu",
      "go126-search.samples",
      "go126-search.cpu",
      "go126-users.samples",
      "go126-users.cpu",
      "go19-cpu.samples",
      "go19-cpu.cpu",
      "go19-heap.alloc_objects",
      "go19-heap.alloc_space",
      "go19-heap.inuse_objects",
      "go19-heap.inuse_space",
      "roulette.samples",
      "roulette.cpu",
    ]);
  });

  for (const out of outputs.filter((o) => o.exact)) {
    it(`reproduces every row of ${out.file} exactly, in pprof's order`, () => {
      const table = topTable(fixture(out.fixture), out.sampleIndex);
      expect(table.total).toBe(parsePprofValue(out.total).value);
      const expected = out.rows.map((r) => ({
        name: r.name,
        flat: parsePprofValue(r.flat).value,
        cum: parsePprofValue(r.cum).value,
      }));
      expect(table.rows).toEqual(expected);
    });
  }

  for (const out of outputs.filter((o) => !o.exact)) {
    it(`rounds to the figures of pprof's default view in ${out.file}`, () => {
      const table = topTable(fixture(out.fixture), out.sampleIndex);
      const byName = new Map(table.rows.map((r) => [r.name, r]));
      const total = parsePprofValue(out.total);
      expect(Math.abs(table.total - total.value)).toBeLessThanOrEqual(total.tolerance);
      expect(out.rows.length).toBeGreaterThan(0);
      for (const row of out.rows) {
        const ours = byName.get(row.name);
        expect(ours, row.name).toBeDefined();
        for (const [field, text] of [["flat", row.flat], ["cum", row.cum]] as const) {
          const { value, tolerance } = parsePprofValue(text);
          expect(Math.abs(ours![field] - value), `${row.name} ${field}: ours ${ours![field]}, pprof ${text}`)
            .toBeLessThanOrEqual(tolerance * (1 + 1e-9));
        }
      }
    });
  }
});

describe("topTable", () => {
  const profile = buildProfile({
    sampleTypes: [["samples", "count"]],
    samples: [
      // fib recursing three deep, called from main
      { stack: [["fib"], ["fib"], ["fib"], ["main"]], values: [5] },
      // rotl and mix inlined into hashLoop, all in one location; mix also appears outside it
      { stack: [["rotl", "mix", "hashLoop"], ["mix"], ["main"]], values: [3] },
      { stack: [["hashLoop"], ["main"]], values: [2] },
      { stack: [["zeta"], ["main"]], values: [2] },
      { stack: [["alpha"], ["main"]], values: [2] },
      { stack: [["unused"], ["main"]], values: [0] },
    ],
  });
  const rows = new Map(topTable(profile, 0).rows.map((r) => [r.name, r]));

  it("counts a recursive function once per sample in cum", () => {
    expect(rows.get("fib")).toEqual({ name: "fib", flat: 5, cum: 5 });
    expect(rows.get("main")).toEqual({ name: "main", flat: 0, cum: 14 });
  });

  it("gives inlined frames their own rows and takes flat from the innermost line of the leaf location", () => {
    expect(rows.get("rotl")).toEqual({ name: "rotl", flat: 3, cum: 3 });
    expect(rows.get("mix")).toEqual({ name: "mix", flat: 0, cum: 3 });
    expect(rows.get("hashLoop")).toEqual({ name: "hashLoop", flat: 2, cum: 5 });
  });

  it("sorts by flat descending and breaks ties by name", () => {
    expect(topTable(profile, 0).rows.map((r) => r.name)).toEqual(["fib", "rotl", "alpha", "hashLoop", "zeta", "main", "mix"]);
  });

  it("leaves out functions whose samples are all zero, as pprof does", () => {
    expect(rows.has("unused")).toBe(false);
  });

  it("reports the sum of the sample values as the total", () => {
    expect(topTable(profile, 0).total).toBe(14);
  });

  it("totals absolute values, as pprof does for profiles with negative values", () => {
    const diff = buildProfile({
      sampleTypes: [["samples", "count"]],
      samples: [
        { stack: [["grew"], ["main"]], values: [7] },
        { stack: [["shrank"], ["main"]], values: [-3] },
      ],
    });
    diff.sample[1].value = [2n ** 64n - 3n]; // how an int64 -3 comes out of the decoder
    const table = topTable(diff, 0);
    expect(table.total).toBe(10);
    expect(table.rows).toEqual([
      { name: "grew", flat: 7, cum: 7 },
      { name: "shrank", flat: -3, cum: -3 },
      { name: "main", flat: 0, cum: 4 },
    ]);
  });

  it("rejects a sample type index the profile does not have, naming the valid ones", () => {
    expect(() => topTable(profile, 1)).toThrow(UnknownSampleTypeError);
    expect(() => topTable(profile, 1)).toThrow(/samples/);
  });
});
