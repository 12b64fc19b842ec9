import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { describe, expect, it } from "vitest";
import { expectedEdges } from "../../testing/pprof/compiler-edges";
import { MERGE_TESTDATA, mergeProfiles, readProfile } from "../../testing/pprof/merge-testutil";
import { encodeProfile } from "../pprof/merge-encode";
import { readMergeInput } from "../pprof/merge";
import { compareEdges, hotEdges, pgoEdgeMap, type PgoEdgeMap } from "../pprof/pgo-edges";
import { fileEdgeMap } from "./file-edge-map";

function rawFile(name: string): Uint8Array {
  const buf = readFileSync(path.join(MERGE_TESTDATA, name));
  return new Uint8Array(buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf);
}

const mergedRealWorld = () => encodeProfile(mergeProfiles([{ profile: readProfile("gdu.default.pgo") }, { profile: readProfile("roulette.default.pgo") }]));

const CASES: [string, () => Uint8Array][] = [
  ["gdu.default", () => rawFile("gdu.default.pgo")],
  ["roulette.default", () => rawFile("roulette.default.pgo")],
  ["real-world.merged", () => rawFile("expected/real-world.merged.pb.gz")],
  ["real-world.merged", mergedRealWorld],
  ["go19-cpu-a", () => rawFile("go19-cpu-a.pb.gz")],
  ["go126-services.merged", () => rawFile("expected/go126-services.merged.pb.gz")],
];

const sorted = (m: PgoEdgeMap) => [...m.edges.values()].sort(compareEdges);

describe.each(CASES)("fileEdgeMap (the server's one edge graph) vs the compiler's edge map: %s", (name, raw) => {
  const want = expectedEdges(name);
  const m = fileEdgeMap(readMergeInput(raw()))!;

  it("has the compiler's edges, weights, total, start-line verdict and hot call sites", () => {
    expect(m.sampleType).toBe(want.sampleType);
    expect(m.totalWeight).toBe(want.total);
    expect(m.missingStartLine).toBe(want.missingStartLine);
    expect(sorted(m)).toEqual(want.edges);
    const hot = hotEdges(m, 99);
    expect(hot.edges).toEqual(want.edges.slice(0, want.hot));
    expect(hot.thresholdWeight).toBe(want.threshold);
  });

  it("equals pgoEdgeMap (the object-by-object oracle) of the same bytes", () => {
    const oracle = pgoEdgeMap(Profile.decode(raw()));
    expect(sorted(m)).toEqual(sorted(oracle));
  });
});
