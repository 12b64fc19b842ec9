/**
 * The merged-file writer that guards and trims the merge itself against the one it replaced
 * (merged-file-old.ts: decode the merged file, then guard, trim and encode again): same bytes,
 * sizes and edge map for every option, on the fixtures and the Go 1.26 services.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pgoEdgeMap } from "../pprof/pgo-edges";
import { decodeGzip, MERGE_TESTDATA } from "../../testing/pprof/merge-testutil";
import { syntheticProfile } from "../../testing/pprof/synthetic";
import { writeMergedFile } from "./merged-file";
import { writeMergedFileOld } from "./merged-file-old";

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

describe.each(CASES)("writeMergedFile against the old writer: %s", (_name, load) => {
  it.each(OPTIONS)("%o", (options) => {
    const inputs = load().map((data, k) => ({ data, weight: k === 1 ? 1.5 : 1 }));
    const full = writeMergedFileOld(inputs, { ...options, minimal: false }, () => null, LIMIT);
    let want;
    try {
      want = pgoEdgeMap(decodeGzip(full.bytes));
    } catch {
      want = null;
    }
    for (const expected of [() => want, () => null]) {
      const old = writeMergedFileOld(inputs, options, expected, LIMIT);
      const now = writeMergedFile(inputs, options, expected, LIMIT);
      expect(now.sha256).toBe(old.sha256);
      expect(Buffer.compare(Buffer.from(now.bytes), Buffer.from(old.bytes))).toBe(0);
      expect(now.fullSizeBytes).toBe(old.fullSizeBytes);
      expect(now.edgeMap === undefined).toBe(old.edgeMap === undefined);
    }
  });
});
