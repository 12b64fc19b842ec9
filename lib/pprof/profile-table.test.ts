import { gunzipSync } from "node:zlib";
import { Label, ValueType, type Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { ProfileDecodeError } from "./decode";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { readProfileNow, type ProfileSummary } from "./summary";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import { buildProfile, readFixture, FIXTURES, type FixtureName } from "./testdata/fixtures";
import { toInt64Number } from "../../testing/pprof/decoded-index";
import { toNumber } from "./numbers";
import { defaultSampleTypeIndex } from "./sample-type";

/** The summary's figures read off pprof-format's object model: the reference for the one-pass reader. */
function referenceFigures(p: Profile): Omit<ProfileSummary, "totals" | "pgo"> & { columnTotals: number[]; hasStartLines: boolean } {
  const str = (i: number | bigint | undefined) => p.stringTable.strings[toNumber(i)] ?? "";
  const sampleTypes = p.sampleType.map((vt) => ({ type: str(vt.type), unit: str(vt.unit) }));
  const columnTotals = sampleTypes.map((_, t) => p.sample.reduce((sum, s) => sum + toInt64Number(s.value[t]), 0));
  const defaultIndex = defaultSampleTypeIndex(p);
  return {
    sampleTypes,
    defaultSampleType: defaultIndex >= 0 ? sampleTypes[defaultIndex].type : "",
    periodType: p.periodType ? { type: str(p.periodType.type), unit: str(p.periodType.unit) } : { type: "", unit: "" },
    period: toInt64Number(p.period),
    durationNanos: toInt64Number(p.durationNanos),
    timeNanos: toInt64Number(p.timeNanos),
    sampleCount: p.sample.length,
    functionCount: p.function.length,
    columnTotals,
    hasStartLines: p.function.some((f) => toNumber(f.startLine) !== 0),
  };
}

function figuresOf(summary: ProfileSummary): ReturnType<typeof referenceFigures> {
  const { totals, pgo, ...rest } = summary;
  return {
    ...rest,
    columnTotals: Object.values(totals),
    hasStartLines: !pgo.problems.some((problem) => problem.includes("start_line")),
  };
}

type Outcome = { ok: true; figures: ReturnType<typeof referenceFigures> } | { ok: false; error: ProfileDecodeError };

function outcome(read: () => ReturnType<typeof referenceFigures>): Outcome {
  try {
    return { ok: true, figures: read() };
  } catch (err) {
    if (!(err instanceof ProfileDecodeError)) throw err;
    return { ok: false, error: err };
  }
}
const ours = (bytes: Uint8Array) => outcome(() => figuresOf(readProfileNow(bytes).summary));
const reference = (bytes: Uint8Array) => outcome(() => referenceFigures(decodeProfile(bytes)));

const raw = (bytes: Uint8Array) => (bytes[0] === 0x1f ? new Uint8Array(gunzipSync(bytes)) : bytes);

/** mulberry32: deterministic mutations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function encodeValid(mutate: (p: Profile) => void): Uint8Array {
  const p = buildProfile({ sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]], samples: [{ stack: [["f"], ["main"]], values: [1, 10] }] });
  mutate(p);
  return p.encode();
}

describe("readProfile against decodeProfile (pprof-format, then validate.ts)", () => {
  it.each(Object.keys(FIXTURES) as FixtureName[])("reads the same figures from the fixture %s (Go runtimes' and real-world default.pgo files)", (name) => {
    const bytes = readFixture(name);
    const expected = reference(bytes);
    expect(expected.ok).toBe(true);
    expect(ours(bytes)).toEqual(expected);
    // Gzipped or not, the same.
    expect(ours(raw(bytes))).toEqual(expected);
  });

  it("reads the same figures from a synthetic profile with labels, several sample types and int64 values", () => {
    const p = syntheticProfile({ seed: 3, samples: 4_000, stacks: 900, functions: 300 });
    p.sample[7].value[1] = 2n ** 64n - 5n; // -5 as an int64
    p.sample[8].value[0] = 2n ** 40n;
    const bytes = p.encode();
    const expected = reference(bytes);
    expect(expected.ok && expected.figures.sampleCount).toBe(4_000);
    expect(ours(bytes)).toEqual(expected);
  });

  describe("rejects the same inconsistent profiles, with the same message", () => {
    const cases: [string, (p: Profile) => void][] = [
      ["no sample types", (p) => (p.sampleType = [])],
      ["a sample with the wrong number of values", (p) => (p.sample[0].value = [1])],
      ["a sample naming a missing location", (p) => (p.sample[0].locationId = [99])],
      ["a line naming a missing function", (p) => (p.location[0].line[0].functionId = 42)],
      ["a function name outside the string table", (p) => (p.function[0].name = 1000)],
      ["a function with id 0", (p) => (p.function[1].id = 0)],
      ["a duplicate function id", (p) => (p.function[1].id = p.function[0].id)],
      ["a sample type outside the string table", (p) => (p.sampleType[0].unit = 1000)],
      ["a period type outside the string table", (p) => (p.periodType = new ValueType({ type: 1, unit: 999 }))],
      ["a drop_frames outside the string table", (p) => (p.dropFrames = 500)],
      ["a default_sample_type outside the string table", (p) => (p.defaultSampleType = 77)],
      ["a comment outside the string table", (p) => (p.comment = [1, 300])],
      ["a duplicate location id", (p) => (p.location[1].id = p.location[0].id)],
      ["a location with id 0", (p) => (p.location[0].id = 0)],
      ["a location naming a missing mapping", (p) => (p.location[0].mappingId = 9)],
      ["a label naming a string outside the string table", (p) => (p.sample[0].label = [new Label({ key: 1, str: 4000 })])],
    ];
    it.each(cases)("%s", (_, mutate) => {
      const bytes = encodeValid(mutate);
      const expected = reference(bytes);
      expect(expected.ok).toBe(false);
      const actual = ours(bytes);
      expect(actual.ok).toBe(false);
      if (!actual.ok && !expected.ok) {
        expect(actual.error.message).toBe(expected.error.message);
        expect(actual.error.status).toBe(400);
      }
    });
  });

  it("rejects every truncation of a real profile, as a malformed or inconsistent one", () => {
    const bytes = raw(readFixture("gdu"));
    const next = random(11);
    for (let i = 0; i < 200; i++) {
      const cut = bytes.subarray(0, 1 + Math.floor(next() * (bytes.length - 1)));
      const result = ours(cut);
      expect(result.ok, `cut at ${cut.length}`).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/cut short|malformed|outside the string table|missing|values but/);
      expect(reference(cut).ok, `cut at ${cut.length}`).toBe(false);
    }
  });

  it("gives the same figures whenever both accept a randomly damaged profile", () => {
    const next = random(5);
    let bothAccepted = 0;
    for (const name of ["go19-cpu", "gdu"] as const) {
      const base = raw(readFixture(name));
      for (let i = 0; i < 250; i++) {
        const damaged = base.slice();
        for (let k = 0; k < 2; k++) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
        const [a, b] = [ours(damaged), reference(damaged)];
        if (a.ok && b.ok) {
          bothAccepted++;
          expect(a.figures).toEqual(b.figures);
        }
      }
    }
    // Most single-byte damage lands in names and numbers: the comparison above ran.
    expect(bothAccepted).toBeGreaterThan(30);
  });

  it("says a profile cut inside its last field was cut short", () => {
    const bytes = raw(readFixture("gdu"));
    const result = ours(bytes.subarray(0, bytes.length - 3));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toBe("not a pprof profile: the body is not a valid perftools.profiles.Profile protobuf (it ends inside a field: was the file cut short by an interrupted upload or download?)");
  });

  it("rejects a length that runs past the end, which pprof-format's decode cuts short and accepts", () => {
    const valid = encodeValid(() => {});
    // The last string table entry claims 40 more bytes than there are.
    const lastString = valid.lastIndexOf(0x32); // (6 << 3) | 2
    const damaged = valid.slice();
    damaged[lastString + 1] += 40;
    expect(reference(damaged).ok).toBe(true);
    const result = ours(damaged);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/ends inside a field: was the file cut short/);
  });

  it("accepts an unknown fixed64 field, as Go's pprof does (pprof-format's decode cannot read one)", () => {
    const valid = encodeValid(() => {});
    // Field 100, wire type 1 (fixed64): the tag 0xa1 0x06, then 8 bytes.
    const extended = new Uint8Array([...valid, 0xa1, 0x06, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reference(extended).ok).toBe(false);
    expect(ours(extended)).toEqual(reference(valid));
  });

  it("rejects a known field in the wrong wire type", () => {
    // A sample type (field 1, a message) sent as a varint.
    const valid = encodeValid(() => {});
    const damaged = new Uint8Array([0x08, 0x01, ...valid]);
    const result = ours(damaged);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/truncated or malformed protobuf/);
  });
});
