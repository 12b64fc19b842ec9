import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeProfileGzip, mergeProfileBytes } from "./merge";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { canonical, decodeGzip, flatCum, MERGE_TESTDATA, parseTop, readProfile } from "../../testing/pprof/merge-testutil";

interface Case {
  name: string;
  inputs: string[];
  types: string[];
}

const CASES: Case[] = [
  { name: "real-world", inputs: ["gdu.default.pgo", "roulette.default.pgo"], types: ["samples", "cpu"] },
  { name: "go19-cpu-ab", inputs: ["go19-cpu-a.pb.gz", "go19-cpu-b.pb.gz"], types: ["samples", "cpu"] },
  { name: "go19-cpu-bab", inputs: ["go19-cpu-b.pb.gz", "go19-cpu-a.pb.gz", "go19-cpu-b.pb.gz"], types: ["samples", "cpu"] },
  {
    name: "go19-heap-x2",
    inputs: ["go19-heap.pb.gz", "go19-heap.pb.gz"],
    types: ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"],
  },
  // Go 1.26 profiles of testing/goservices (labels kept: pprof keeps them too).
  { name: "go126-services", inputs: ["../go126-users.pb.gz", "../go126-search.pb.gz", "../go126-reports.pb.gz"], types: ["samples", "cpu"] },
  {
    name: "go126-heap-x2",
    inputs: ["../go126-heap.pb.gz", "../go126-heap.pb.gz"],
    types: ["alloc_objects", "alloc_space", "inuse_objects", "inuse_space"],
  },
];

function expectedTop(name: string, type: string): string {
  return readFileSync(path.join(MERGE_TESTDATA, "expected", `${name}.top-${type}.txt`), "utf8");
}

describe.each(CASES)("mergeProfiles vs go tool pprof -proto: $name", ({ name, inputs, types }) => {
  const merged = mergeProfiles(inputs.map((f) => ({ profile: readProfile(f) })));
  const reference = readProfile(path.join("expected", `${name}.merged.pb.gz`));

  it.each(types)("gives pprof's -top flat/cum per function for %s", (type) => {
    const want = parseTop(expectedTop(name, type));
    expect(want.size).toBeGreaterThan(5);
    const got = flatCum(merged, type);
    const wanted = new Map([...want].filter(([, r]) => r.flat !== 0 || r.cum !== 0));
    expect(Object.fromEntries(got)).toEqual(Object.fromEntries(wanted));
  });

  it("is structurally identical to pprof's merged profile (ids, order, header)", () => {
    expect(canonical(merged)).toEqual(canonical(reference));
  });

  it("survives encode → gzip → decode unchanged", () => {
    const again = decodeGzip(encodeProfileGzip(merged));
    expect(canonical(again)).toEqual(canonical(merged));
    // Same bytes as pprof-format's own encoder.
    expect(Buffer.from(decodeGzip(encodeProfileGzip(merged)).encode())).toEqual(Buffer.from(merged.encode()));
  });

  it("mergeProfileBytes (streamed samples) gives the same profile", () => {
    const bytes = mergeProfileBytes(inputs.map((f) => ({ data: readFileSync(path.join(MERGE_TESTDATA, f)) })));
    expect(canonical(decodeGzip(bytes))).toEqual(canonical(reference));
  });
});

describe("mergeProfiles header rules", () => {
  it("sums durations, keeps the max period and the earliest time", () => {
    const a = readProfile("go19-cpu-a.pb.gz");
    const b = readProfile("go19-cpu-b.pb.gz");
    const m = mergeProfiles([{ profile: a }, { profile: b }]);
    expect(BigInt(m.durationNanos)).toBe(BigInt(a.durationNanos) + BigInt(b.durationNanos));
    expect(BigInt(m.period)).toBe(BigInt(a.period));
    const ta = BigInt(a.timeNanos);
    const tb = BigInt(b.timeNanos);
    expect(BigInt(m.timeNanos)).toBe(ta < tb ? ta : tb);
  });

  it("keeps Function.start_line and merges functions only when it matches", () => {
    const p = readProfile("gdu.default.pgo");
    const m = mergeProfiles([{ profile: p }]);
    const lines = (x: typeof p) => x.function.filter((f) => Number(f.startLine) > 0).length;
    expect(lines(m)).toBeGreaterThan(0);
    expect(lines(m)).toBe(m.function.length - m.function.filter((f) => Number(f.startLine) === 0).length);
  });
});
