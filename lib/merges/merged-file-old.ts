/** The merged-file writer before the tables (kept for merged-file-differential.test.ts).
 *
 * Writing the merged default.pgo: pprof's merge over the stored bytes (mergeProfileBytes,
 * the fast path), then, when asked, datadog-pgo's hazard guard and the PGO-minimal trim.
 * The trimmed file must give Go exactly the edge map of the full merge: that is checked
 * before the file is handed out.
 */
import { createHash } from "node:crypto";
import { decodeProfile } from "../pprof/decode";
import { encodeProfileGzip, mergeProfileBytes, MergeError } from "../pprof/merge";
import { pgoEdgeMap, type PgoEdgeMap } from "../pprof/pgo-edges";
import { guardHazards } from "../pprof/pgo-hazards";
import { trimForPgo } from "../pprof/pgo-minimal";
import { incompatible } from "./preview";
import type { MergeOptions } from "./selection";

interface MergedFile {
  bytes: Uint8Array;
  sha256: string;
  /** Size of the full merge when `bytes` is the PGO-minimal file, else null. */
  fullSizeBytes: number | null;
  /** Set when the written file's edge map was computed from the file itself and differs from the preview's. */
  edgeMap?: PgoEdgeMap;
}

/** Same edges, weights, total and start-line verdict. */
function sameEdgeMap(a: PgoEdgeMap, b: PgoEdgeMap): boolean {
  if (a.edges.size !== b.edges.size || a.totalWeight !== b.totalWeight || a.missingStartLine !== b.missingStartLine) return false;
  for (const [key, e] of a.edges) {
    const o = b.edges.get(key);
    if (!o || o.weight !== e.weight) return false;
  }
  return true;
}

function edgeMapOrNull(p: Parameters<typeof pgoEdgeMap>[0]): PgoEdgeMap | null {
  try {
    return pgoEdgeMap(p);
  } catch {
    return null; // no PGO sample type: nothing for the compiler either way
  }
}

/**
 * Merge stored profile bytes (in order, with weights) into default.pgo.
 * `expected` gives the preview's edge map (null when the merge has no PGO sample type).
 */
export function writeMergedFileOld(
  inputs: { data: Uint8Array; weight: number }[],
  options: MergeOptions,
  expected: () => PgoEdgeMap | null,
  maxDecompressedBytes: number,
): MergedFile {
  let merged: Uint8Array;
  try {
    merged = mergeProfileBytes(inputs, { dropLabels: options.dropLabels });
  } catch (err) {
    if (err instanceof MergeError) throw incompatible(err);
    throw err;
  }
  const done = (bytes: Uint8Array, fullSizeBytes: number | null, edgeMap?: PgoEdgeMap): MergedFile => ({
    bytes,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    fullSizeBytes,
    edgeMap,
  });
  if (!options.guardHazards && !options.minimal) return done(merged, null);

  const profile = decodeProfile(merged, { maxDecompressedBytes: Math.max(maxDecompressedBytes, merged.length * 64) });
  if (options.guardHazards) guardHazards(profile);
  const full = options.guardHazards ? encodeProfileGzip(profile) : merged;
  if (!options.minimal) return done(full, null);

  const trimmed = trimForPgo(profile);
  const trimmedMap = edgeMapOrNull(trimmed);
  const want = expected();
  if (want && trimmedMap && sameEdgeMap(want, trimmedMap)) return done(encodeProfileGzip(trimmed), full.length);
  // The preview and the trimmed file disagree: let the full file decide which one is wrong.
  const fullMap = edgeMapOrNull(profile);
  if ((fullMap === null) !== (trimmedMap === null) || (fullMap && trimmedMap && !sameEdgeMap(fullMap, trimmedMap))) {
    throw new Error("PGO-minimal trimming changed the edge map; refusing to write the file");
  }
  if (fullMap && want) {
    console.warn("[fleetscope] merge preview edge map differs from the written file's; storing the file's");
  }
  return done(encodeProfileGzip(trimmed), full.length, fullMap ?? undefined);
}
