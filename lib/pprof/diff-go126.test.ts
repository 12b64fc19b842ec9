import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { indexOfTable } from "./profile-table";
import { readProfileNow } from "./summary";
import { functionChanges } from "./diff";
import { parsePprofTop, parsePprofValue, readFixture, TESTDATA_DIR } from "./testdata/fixtures";

// Two Go 1.26 profiles of testing/goservices: search's against users' as the base.
const base = indexOfTable(readProfileNow(readFixture("go126-users")).table);
const target = indexOfTable(readProfileNow(readFixture("go126-search")).table);

describe("functionChanges against Go 1.26's go tool pprof -diff_base", () => {
  for (const [index, type] of [
    [0, "samples"],
    [1, "cpu"],
  ] as const) {
    it(`gives pprof's rows for target minus base without normalising (${type})`, () => {
      const file = path.join(TESTDATA_DIR, "diff", "expected", `go126-search-minus-users.${index}-${type}.top-exact.txt`);
      const expected = parsePprofTop(readFileSync(file, "utf8"));
      expect(expected.rows.length).toBeGreaterThan(20);
      const rows = functionChanges(base, index, target, index, { normalise: false }).filter((c) => c.deltaFlat !== 0 || c.deltaCum !== 0);
      expect(rows.map((r) => r.name)).toEqual(expected.rows.map((r) => r.name));
      expect(rows.map((r) => r.deltaFlat)).toEqual(expected.rows.map((r) => parsePprofValue(r.flat).value));
      expect(rows.map((r) => r.deltaCum)).toEqual(expected.rows.map((r) => parsePprofValue(r.cum).value));
    });
  }
});
