import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { filterSamples } from "./filters";
import { readProfileNow } from "./summary";
import { parsePprofValue } from "./testdata/fixtures";
import { parsePprofTags, pprofCases } from "./testdata/filters/cases";
import { tagsReport } from "./tags";

describe("tagsReport against go tool pprof -tags", () => {
  const cases = pprofCases().filter((c) => c.report === "tags");
  it("has string and numeric labels among its cases", () => {
    expect(cases.map((c) => c.name)).toEqual(["users-tags", "users-tags-count", "users-tags-filtered", "heap-tags", "heap-tags-objects"]);
  });
  for (const c of cases) {
    it(`${c.name}: ${c.flags.join(" ") || "(no filter)"} gives pprof's keys, values and figures`, () => {
      const d = readProfileNow(new Uint8Array(readFileSync(c.fixture))).table;
      const report = tagsReport(d, filterSamples(d, c.filters), c.sampleIndex, c.unit);
      const want = parsePprofTags(c.expected);
      expect(want.length).toBeGreaterThan(0);
      const ours = report.map((k) => ({ key: k.key, total: k.total, values: k.values.map((v) => ({ value: v.value, amount: v.amount })) }));
      const theirs = want.map((k) => ({
        key: k.key,
        total: parsePprofValue(k.total).value,
        values: k.values.map((v) => ({ value: v.value, amount: parsePprofValue(v.amount).value })),
      }));
      expect(ours).toEqual(theirs);
    });
  }

  it("gives a numeric label's number and unit, so that a click can focus on it", () => {
    const c = cases.find((x) => x.name === "heap-tags")!;
    const d = readProfileNow(new Uint8Array(readFileSync(c.fixture))).table;
    const [bytes] = tagsReport(d, filterSamples(d, {}), 1);
    expect(bytes).toMatchObject({ key: "bytes", numeric: true, unit: "bytes" });
    expect(bytes.values[0]).toEqual({ value: "56kB", number: 57344, amount: expect.any(Number) });
  });
});
