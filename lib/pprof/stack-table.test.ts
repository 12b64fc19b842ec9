import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Profile } from "pprof-format";
import { indexOfTable } from "./profile-table";
import { readProfileNow } from "./summary";
import { ProfileDecodeError } from "./decode";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { flameTreeOfIndex } from "./flame-tree";
import { flameTree, topTable } from "../../testing/pprof/decoded-index";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import { defaultSampleTypeIndex, sampleTypeNames } from "./sample-type";
import { FIXTURES, buildProfile, parsePprofValue, pprofTopOutputs, readFixture, type FixtureName } from "./testdata/fixtures";
import { topTableOfIndex } from "./top";

const encode = (p: Profile) => p.encode();

/** A profile read the way the server reads it: its table's sample types, default, sample count and stack index. */
function compactProfile(bytes: Uint8Array) {
  const { table } = readProfileNow(bytes);
  return { sampleTypes: table.header.sampleTypes, defaultSampleType: table.header.defaultSampleType, sampleCount: table.header.sampleCount, index: indexOfTable(table) };
}

describe("the profile table on the fixtures", () => {
  for (const name of Object.keys(FIXTURES) as FixtureName[]) {
    it(`gives the same top table and flame tree as the decoded profile for every sample type (${name})`, () => {
      const bytes = readFixture(name);
      const decoded = decodeProfile(bytes);
      const compact = compactProfile(bytes);
      expect(compact.sampleTypes.map((t) => t.type)).toEqual(sampleTypeNames(decoded));
      expect(compact.defaultSampleType).toBe(defaultSampleTypeIndex(decoded));
      expect(compact.sampleCount).toBe(decoded.sample.length);
      for (let t = 0; t < compact.sampleTypes.length; t++) {
        expect(topTableOfIndex(compact.index, t)).toEqual(topTable(decoded, t));
        expect(flameTreeOfIndex(compact.index, t)).toEqual(flameTree(decoded, t));
        expect(flameTreeOfIndex(compact.index, t, { minFraction: 0.01 })).toEqual(flameTree(decoded, t, { minFraction: 0.01 }));
      }
    });
  }

  it("matches go tool pprof's exact totals and rows", () => {
    for (const out of pprofTopOutputs().filter((o) => o.exact)) {
      const { index } = compactProfile(readFixture(out.fixture));
      const top = topTableOfIndex(index, out.sampleIndex);
      expect(top.total, out.file).toBe(parsePprofValue(out.total).value);
      expect(top.rows.map((r) => r.name), out.file).toEqual(out.rows.map((r) => r.name));
      expect(top.rows.map((r) => r.flat), out.file).toEqual(out.rows.map((r) => parsePprofValue(r.flat).value));
      expect(top.rows.map((r) => r.cum), out.file).toEqual(out.rows.map((r) => parsePprofValue(r.cum).value));
    }
  });

  it("reads raw (not gzipped) protobuf the same as gzip", () => {
    const gz = readFixture("go19-heap");
    const raw = new Uint8Array(gunzipSync(gz));
    expect(topTableOfIndex(compactProfile(raw).index, 3)).toEqual(topTableOfIndex(compactProfile(gz).index, 3));
  });
});

describe("the profile table on built profiles", () => {
  it("agrees with the decoded profile on a synthetic profile with inlining, labels and deep stacks", () => {
    const p = syntheticProfile({ seed: 3, samples: 20_000, stacks: 4_000, functions: 800, maxDepth: 64 });
    const bytes = encode(p);
    const decoded = decodeProfile(bytes);
    const { index } = compactProfile(bytes);
    expect(index.stackCount).toBe(4_000);
    for (const t of [0, 1]) {
      expect(topTableOfIndex(index, t)).toEqual(topTable(decoded, t));
      expect(flameTreeOfIndex(index, t, { minFraction: 0.0005 })).toEqual(flameTree(decoded, t, { minFraction: 0.0005 }));
    }
  });

  it("keeps negative values, large values and the default sample type", () => {
    const p = buildProfile({
      sampleTypes: [
        ["alloc_space", "bytes"],
        ["inuse_space", "bytes"],
      ],
      defaultSampleType: "alloc_space",
      samples: [
        { stack: [["leaf"], ["main"]], values: [-5, 2 ** 40 + 3] },
        { stack: [["leaf"], ["main"]], values: [12, -(2 ** 33)] },
        { stack: [["other", "inlined"], ["main"]], values: [7, 1] },
      ],
    });
    const bytes = encode(p);
    const decoded = decodeProfile(bytes);
    const compact = compactProfile(bytes);
    expect(compact.defaultSampleType).toBe(0);
    for (const t of [0, 1]) expect(topTableOfIndex(compact.index, t)).toEqual(topTable(decoded, t));
    expect(compact.index.stackValues(0)).toMatchObject({ total: 14, absTotal: 24 });
    expect(compact.index.stackValues(1).total).toBe(2 ** 40 + 3 - 2 ** 33 + 1);
  });

  it("reads a profile without samples as an empty index", () => {
    const p = buildProfile({ sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]], samples: [] });
    const compact = compactProfile(encode(p));
    expect(compact.sampleCount).toBe(0);
    expect(topTableOfIndex(compact.index, 1)).toEqual({ total: 0, rows: [] });
    expect(flameTreeOfIndex(compact.index, 1).tree).toEqual({ name: "root", value: 0, children: [] });
  });

  it("refuses bytes that are not a profile with a 400 error", () => {
    expect(() => compactProfile(new TextEncoder().encode("hello, this is not a profile"))).toThrow(ProfileDecodeError);
    const truncated = encode(syntheticProfile({ seed: 1, samples: 100, stacks: 50, functions: 100 })).subarray(0, 500);
    expect(() => compactProfile(truncated)).toThrow(/not a pprof profile/);
  });
});
