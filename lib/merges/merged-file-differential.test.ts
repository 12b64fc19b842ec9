/**
 * The merged-file writer, which guards and trims the merge's own tables, against what it replaced:
 * decode the merged file (pprof-format), guard, trim and encode that again. Same bytes, sizes and
 * edge map for every option, on the fixtures and the Go 1.26 services.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeProfileGzip, mergeProfileBytes } from "../pprof/merge";
import { pgoEdgeMap } from "../pprof/pgo-edges";
import { guardHazards } from "../pprof/pgo-hazards";
import { trimForPgo } from "../pprof/pgo-minimal";
import { decodeGzip, MERGE_TESTDATA } from "../../testing/pprof/merge-testutil";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import { writeMergedFile } from "./merged-file";
import type { MergeOptions } from "./selection";

const file = (name: string) => new Uint8Array(readFileSync(path.join(MERGE_TESTDATA, "..", name)));
const LIMIT = 1 << 30;

const CASES: [string, () => Uint8Array[]][] = [
  ["gdu + roulette (runtime.gopark is a leaf)", () => [file("gdu.default.pgo"), file("roulette.default.pgo")]],
  ["the Go 1.26 services", () => ["go126-users.pb.gz", "go126-search.pb.gz", "go126-reports.pb.gz"].map(file)],
  ["go19 CPU (no start lines)", () => [file("merge/go19-cpu-a.pb.gz"), file("merge/go19-cpu-b.pb.gz")]],
  ["go19 heap (no PGO sample type)", () => [file("go19-heap.pb.gz")]],
  ["synthetic", () => [1, 2].map((seed) => syntheticProfile({ seed, samples: 5000, stacks: 800, functions: 300 }).encode())],
];

const OPTIONS = [
  { dropLabels: true, minimal: false, guardHazards: true },
  { dropLabels: false, minimal: true, guardHazards: false },
  { dropLabels: true, minimal: true, guardHazards: true },
  { dropLabels: false, minimal: false, guardHazards: false },
];

/** The file by decoding the merge: its bytes, and the full file's size when trimmed. */
function decodedWay(inputs: { data: Uint8Array; weight: number }[], options: MergeOptions): { bytes: Buffer; fullSizeBytes: number | null } {
  const merged = mergeProfileBytes(inputs, { dropLabels: options.dropLabels });
  const profile = decodeGzip(merged);
  if (options.guardHazards) guardHazards(profile);
  const full = options.guardHazards ? encodeProfileGzip(profile) : merged;
  if (!options.minimal) return { bytes: Buffer.from(full), fullSizeBytes: null };
  return { bytes: Buffer.from(encodeProfileGzip(trimForPgo(profile))), fullSizeBytes: full.length };
}

describe.each(CASES)("writeMergedFile against decoding the merge: %s", (_name, load) => {
  it.each(OPTIONS)("%o", async (options) => {
    const inputs = load().map((data, k) => ({ data, weight: k === 1 ? 1.5 : 1 }));
    const old = decodedWay(inputs, options);
    const full = decodedWay(inputs, { ...options, minimal: false });
    let want;
    try {
      want = pgoEdgeMap(decodeGzip(full.bytes));
    } catch {
      want = null;
    }
    for (const expected of [() => want, () => null]) {
      const now = await writeMergedFile(inputs, options, expected, LIMIT);
      expect(Buffer.compare(Buffer.from(now.bytes), old.bytes)).toBe(0);
      expect(now.fullSizeBytes).toBe(old.fullSizeBytes);
      // Without the preview's map the file's own is stored, when there is one.
      expect(now.edgeMap === undefined).toBe(expected() !== null || want === null || !options.minimal);
    }
  });
});
