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
import { gzip, mergeTables, MergeError, readMergeInput, type MergeTableInput } from "../pprof/merge";
import { encodeProfile } from "../pprof/merge-encode";
import { assemble, encodeMerged, leafLocations, sampleSource } from "../pprof/merge-output";
import type { TableMerger } from "../pprof/merged-samples";
import type { FullProfileTable } from "../pprof/profile-table";
import type { PgoEdgeMap } from "../pprof/pgo-edges";
import { guardHazards } from "../pprof/pgo-hazards";
import { trimForPgo } from "../pprof/pgo-minimal";
import { fileEdgeMap } from "./file-edge-map";
import { inflate } from "./input-index";
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

/** Go's edge map of an encoded (uncompressed) file; null without a PGO sample type. */
const edgeMapOfFile = (raw: Uint8Array): PgoEdgeMap | null => fileEdgeMap(readMergeInput(raw));

/** pprof's refusals (MergeError) as the API's 422. */
function refusing<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof MergeError) throw incompatible(err);
    throw err;
  }
}

/** One stored profile's bytes (gzipped or not) read for the merge; a work thread reads each input. */
export async function readMergedInput(data: Uint8Array, maxDecompressedBytes: number): Promise<FullProfileTable> {
  const raw = await inflate(data, maxDecompressedBytes);
  return refusing(() => readMergeInput(raw));
}

function merge(inputs: MergeTableInput[], options: MergeOptions): TableMerger {
  return refusing(() => mergeTables(inputs, { dropLabels: options.dropLabels }));
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
  const tables = await Promise.all(inputs.map(async (i) => ({ table: await readMergedInput(i.data, maxDecompressedBytes), weight: i.weight })));
  return writeMergedTables(tables, options, expected);
}

/** Merge the inputs' tables (in order, with weights) into default.pgo; see writeMergedFile. */
export async function writeMergedTables(inputs: MergeTableInput[], options: MergeOptions, expected: () => PgoEdgeMap | null): Promise<MergedFile> {
  const m = merge(inputs, options);
  // The header's strings are added to the table first, as the encoder would: a guard's new names come after them.
  const head = assemble(m, []);
  if (options.guardHazards) guardHazards(head, leafLocations(m));
  const fullRaw = encodeMerged(m, head);
  const fullFile = gzipped(fullRaw);
  if (!options.minimal) return done(await fullFile, null);

  const trimmedRaw = encodeProfile(trimForPgo(head, sampleSource(m)));
  const trimmedMap = edgeMapOfFile(trimmedRaw);
  const want = expected();
  if (want && trimmedMap && sameEdgeMap(want, trimmedMap)) return done(gzip(trimmedRaw), (await fullFile).length);
  // The preview and the trimmed file disagree: let the full file decide which one is wrong.
  const fullMap = edgeMapOfFile(fullRaw);
  if ((fullMap === null) !== (trimmedMap === null) || (fullMap && trimmedMap && !sameEdgeMap(fullMap, trimmedMap))) {
    throw new Error("PGO-minimal trimming changed the edge map; refusing to write the file");
  }
  if (fullMap && want) {
    console.warn("[fleetscope] merge preview edge map differs from the written file's; storing the file's");
  }
  return done(gzip(trimmedRaw), (await fullFile).length, fullMap ?? undefined);
}
