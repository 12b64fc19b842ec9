/**
 * Writing the merged default.pgo: pprof's merge over the stored bytes, then, when asked,
 * datadog-pgo's hazard guard and the PGO-minimal trim, both on the merge itself (its tables),
 * each file encoded once; the full file is compressed in the thread pool while the trim runs. The
 * trimmed file must give Go exactly the edge map of the full merge: that is checked before the
 * file is handed out.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gzip as gzipCallback } from "node:zlib";
import { gzip, mergeBytes, MergeError } from "../pprof/merge";
import { encodeProfile } from "../pprof/merge-encode";
import { assemble, encodeMerged, leafLocations, modelSamples, sampleSource } from "../pprof/merge-output";
import type { TableMerger } from "../pprof/merged-samples";
import { pgoEdgeMap, type PgoEdgeMap } from "../pprof/pgo-edges";
import { guardHazards } from "../pprof/pgo-hazards";
import { trimForPgo } from "../pprof/pgo-minimal";
import type { ProfileModel } from "../pprof/profile-model";
import { incompatible } from "./preview";
import type { MergeOptions } from "./selection";

export interface MergedFile {
  bytes: Uint8Array;
  sha256: string;
  /** Size of the full merge when `bytes` is the PGO-minimal file, else null. */
  fullSizeBytes: number | null;
  /** Set when the written file's edge map was computed from the file itself and differs from the preview's. */
  edgeMap?: PgoEdgeMap;
}

/** Same edges, weights, total and start-line verdict. */
export function sameEdgeMap(a: PgoEdgeMap, b: PgoEdgeMap): boolean {
  if (a.edges.size !== b.edges.size || a.totalWeight !== b.totalWeight || a.missingStartLine !== b.missingStartLine) return false;
  for (const [key, e] of a.edges) {
    const o = b.edges.get(key);
    if (!o || o.weight !== e.weight) return false;
  }
  return true;
}

function edgeMapOrNull(p: ProfileModel): PgoEdgeMap | null {
  try {
    return pgoEdgeMap(p);
  } catch {
    return null; // no PGO sample type: nothing for the compiler either way
  }
}

function merge(inputs: { data: Uint8Array; weight: number }[], options: MergeOptions, maxDecompressedBytes: number): TableMerger {
  try {
    return mergeBytes(inputs, { dropLabels: options.dropLabels, maxDecompressedBytes });
  } catch (err) {
    if (err instanceof MergeError) throw incompatible(err);
    throw err;
  }
}

const gzipAsync = promisify(gzipCallback);

async function gzipped(raw: Uint8Array): Promise<Uint8Array> {
  const gz = await gzipAsync(raw);
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

function done(bytes: Uint8Array, fullSizeBytes: number | null, edgeMap?: PgoEdgeMap): MergedFile {
  return { bytes, sha256: createHash("sha256").update(bytes).digest("hex"), fullSizeBytes, edgeMap };
}

/**
 * Merge stored profile bytes (in order, with weights) into default.pgo.
 * `expected` gives the preview's edge map (null when the merge has no PGO sample type).
 */
export async function writeMergedFile(
  inputs: { data: Uint8Array; weight: number }[],
  options: MergeOptions,
  expected: () => PgoEdgeMap | null,
  maxDecompressedBytes: number,
): Promise<MergedFile> {
  const m = merge(inputs, options, maxDecompressedBytes);
  // The header's strings are added to the table first, as the encoder would: a guard's new names come after them.
  const head = assemble(m, []);
  if (options.guardHazards) guardHazards(head, leafLocations(m));
  const fullFile = gzipped(encodeMerged(m, head));
  if (!options.minimal) return done(await fullFile, null);

  const trimmed = trimForPgo(head, sampleSource(m));
  const trimmedMap = edgeMapOrNull(trimmed);
  const want = expected();
  if (want && trimmedMap && sameEdgeMap(want, trimmedMap)) {
    const bytes = gzip(encodeProfile(trimmed));
    return done(bytes, (await fullFile).length);
  }
  // The preview and the trimmed file disagree: let the full file decide which one is wrong.
  const fullMap = edgeMapOrNull({ ...head, sample: modelSamples(m) });
  if ((fullMap === null) !== (trimmedMap === null) || (fullMap && trimmedMap && !sameEdgeMap(fullMap, trimmedMap))) {
    throw new Error("PGO-minimal trimming changed the edge map; refusing to write the file");
  }
  if (fullMap && want) {
    console.warn("[fleetscope] merge preview edge map differs from the written file's; storing the file's");
  }
  return done(gzip(encodeProfile(trimmed)), (await fullFile).length, fullMap ?? undefined);
}
