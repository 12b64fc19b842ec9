/**
 * Benchmark helpers for merging synthetic profiles (see lib/pprof/testdata/merge/README.md).
 * `writeSyntheticFiles` writes gzipped synthetic profiles; `mergeFiles` is the JS side of
 * the comparison with `go tool pprof -proto`: read, gunzip, decode, merge, encode, gzip, write.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { encodeProfileGzip } from "../../lib/pprof/merge";
import { mergeProfiles } from "./merge-testutil";
import { syntheticProfile, type SyntheticOptions } from "./synthetic";

/** Write `count` synthetic profiles (seeds 1..count) as dir/synthetic-<seed>.pb.gz; returns the paths. */
export function writeSyntheticFiles(dir: string, count: number, opts: Omit<SyntheticOptions, "seed"> = {}): string[] {
  const files: string[] = [];
  for (let seed = 1; seed <= count; seed++) {
    const file = path.join(dir, `synthetic-${seed}.pb.gz`);
    writeFileSync(file, encodeProfileGzip(syntheticProfile({ ...opts, seed })));
    files.push(file);
  }
  return files;
}

/** Timings in milliseconds of one file-to-file merge. */
export interface MergeTimings {
  decodeMs: number;
  mergeMs: number;
  encodeMs: number;
  totalMs: number;
  samples: number;
}

/** Merge profile files into `out` like `go tool pprof -proto files... > out`. */
export function mergeFiles(files: string[], out: string, opts: { dropLabels?: boolean } = {}): MergeTimings {
  const t0 = performance.now();
  const profiles = files.map((f) => {
    const buf = gunzipSync(readFileSync(f));
    return Profile.decode(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength));
  });
  const t1 = performance.now();
  const merged = mergeProfiles(
    profiles.map((profile) => ({ profile })),
    opts,
  );
  const t2 = performance.now();
  writeFileSync(out, encodeProfileGzip(merged));
  const t3 = performance.now();
  return { decodeMs: t1 - t0, mergeMs: t2 - t1, encodeMs: t3 - t2, totalMs: t3 - t0, samples: merged.sample.length };
}
