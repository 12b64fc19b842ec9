import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkFilters, FilterError, filterSamples } from "./filters";
import { indexOfFiltered } from "./granularity";
import type { ProfileTable } from "./profile-table";
import { readProfileNow } from "./summary";
import { parsePprofTop, parsePprofValue } from "./testdata/fixtures";
import { pprofCases } from "./testdata/filters/cases";
import { topTableOfIndex } from "./top";

const details = new Map<string, ProfileTable>();
function detail(file: string): ProfileTable {
  let d = details.get(file);
  if (!d) details.set(file, (d = readProfileNow(new Uint8Array(readFileSync(file))).table));
  return d;
}

describe("pprof's filters and granularities against go tool pprof -top", () => {
  const cases = pprofCases().filter((c) => c.report === "top");
  it("covers every filter and granularity", () => {
    const flags = new Set(cases.flatMap((c) => c.flags.map((f) => f.replace(/=.*/, ""))));
    expect([...flags].sort()).toEqual(["-files", "-focus", "-hide", "-ignore", "-lines", "-show", "-show_from", "-tagfocus", "-tagignore"]);
  });
  for (const c of cases) {
    it(`${c.name}: ${c.flags.join(" ")} gives pprof's rows`, () => {
      const d = detail(c.fixture);
      const filtered = filterSamples(d, c.filters);
      const table = topTableOfIndex(indexOfFiltered(d, filtered, c.granularity), c.sampleIndex);
      const expected = parsePprofTop(c.expected);
      expect(d.stacks.absTotals[c.sampleIndex]).toBe(parsePprofValue(expected.total).value);
      const want = expected.rows.map((r) => ({ name: r.name, flat: parsePprofValue(r.flat).value, cum: parsePprofValue(r.cum).value }));
      // pprof leaves nodes printed alike (files of several start lines) in no particular order.
      expect(inTieOrder(table.rows)).toEqual(inTieOrder(want));
    });
  }
});

/** Rows with the same flat and name put in cum order (the order is otherwise kept). */
function inTieOrder<T extends { name: string; flat: number; cum: number }>(rows: T[]): T[] {
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const same = a.row.flat === b.row.flat && a.row.name === b.row.name;
      return same ? b.row.cum - a.row.cum || a.i - b.i : a.i - b.i;
    })
    .map(({ row }) => row);
}

describe("filter errors", () => {
  it("names the option and the expression of a bad regular expression", () => {
    expect(() => checkFilters({ focus: "json(" })).toThrow(FilterError);
    expect(() => checkFilters({ focus: "json(" })).toThrow(/^focus: "json\(" is not a valid regular expression/);
    expect(() => checkFilters({ tagfocus: "tenant=[a" })).toThrow(/^tagfocus: "\[a" is not a valid regular expression/);
  });
  it("takes Go's leading flags and POSIX classes", () => {
    const d = detail(pprofCases()[0].fixture);
    const upper = filterSamples(d, { focus: "(?i)ENCODING/JSON" });
    const lower = filterSamples(d, { focus: "encoding/json" });
    expect(upper.samples.length).toBeGreaterThan(0);
    expect(upper.samples).toEqual(lower.samples);
    expect(filterSamples(d, { focus: "json\\.[[:alpha:]]+Valid" }).samples).toEqual(filterSamples(d, { focus: "json\\.[A-Za-z]+Valid" }).samples);
  });
  it("reports a filter that matched nothing", () => {
    const d = detail(pprofCases()[0].fixture);
    const f = filterSamples(d, { focus: "no-such-function", tagfocus: "tenant=nobody" });
    expect(f.samples.length).toBe(0);
    expect(f.unmatched.sort()).toEqual(["focus", "tagfocus"]);
  });
});
