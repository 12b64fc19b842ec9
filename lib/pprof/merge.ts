/**
 * Merge Go profiles the way `go tool pprof -proto a b c > merged.pb.gz` does
 * (google/pprof internal/driver/fetch.go combineProfiles + profile/merge.go), with
 * optional per-input weights (Profile.Scale before merging, golang/go#64487) and
 * optional label dropping (what datadog-pgo does to keep default.pgo small).
 * Each input is read once into its table (readProfileTable with entities); the merge works
 * on the tables and writes the result once.
 *
 * Differences from the CLI, on purpose or by scope:
 * - A single input is compacted like profile.Merge([p]) (the CLI writes it back unmerged).
 * - drop_frames/keep_frames are copied from the first input but not applied
 *   (the CLI's RemoveUninteresting prunes with them; Go runtimes never set them).
 * - Sample values and numeric label values are JS numbers: exact below 2^53.
 * - More than 64 inputs: the CLI merges in chunks of 64; the result has the same values,
 *   entity numbering may differ.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { encodeProfile } from "./merge-encode";
import { MergeError } from "./merge-errors";
import { headerSource, planMerge, planRawMerge, str } from "./merge-headers";
import { int64 } from "./merge-int";
import { encodeMerged, hasZeroSample } from "./merge-output";
import { TableMerger } from "./merged-samples";
import type { ProfileModel } from "./profile-model";
import { readProfileTable, StructuralProblem, type FullProfileTable } from "./profile-table";
import { Truncated } from "./wire-reader";

export { MergeError, type MergeErrorReason } from "./merge-errors";

export interface MergeOptions {
  /** Remove all sample labels before merging, so identical stacks merge. */
  dropLabels?: boolean;
}

export interface MergeTableInput {
  table: FullProfileTable;
  /** Multiplies every sample value of this input (rounded to the nearest integer). Default 1. */
  weight?: number;
}

/** An uncompressed profile.proto read for merging; bad bytes are pprof's "malformed profile". */
export function readMergeInput(raw: Uint8Array): FullProfileTable {
  try {
    return readProfileTable(raw, { entities: true });
  } catch (err) {
    if (err instanceof Truncated || err instanceof StructuralProblem) throw new MergeError("malformed", `malformed profile: ${err.message}`);
    throw err;
  }
}

/** pprof: "If there are any zero samples, re-merge the profile to GC them." */
function compact(m: TableMerger): TableMerger {
  const table = readMergeInput(encodeMerged(m));
  const { plans, header } = planRawMerge([headerSource(table.entities)]);
  const again = new TableMerger(header, false);
  again.add(plans[0], table);
  return again;
}

/** Merge tables like `go tool pprof -proto`; throws MergeError with pprof's reason. */
export function mergeTables(inputs: MergeTableInput[], opts: MergeOptions = {}): TableMerger {
  const { plans, header } = planMerge(inputs.map((i) => ({ source: headerSource(i.table.entities), weight: i.weight })));
  const m = new TableMerger(header, opts.dropLabels ?? false);
  plans.forEach((plan, i) => m.add(plan, inputs[i].table));
  return hasZeroSample(m) ? compact(m) : m;
}

export interface MergeBytesInput {
  /** A profile.proto, gzipped or not. */
  data: Uint8Array;
  weight?: number;
}

function gunzipMaybe(b: Uint8Array, maxOutputLength?: number): Uint8Array {
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
  const raw = gunzipSync(b, maxOutputLength === undefined ? {} : { maxOutputLength });
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/** The merge of encoded profiles (gzipped or not, inflating to at most `maxDecompressedBytes`), as a TableMerger. */
export function mergeBytes(inputs: MergeBytesInput[], opts: MergeOptions & { maxDecompressedBytes?: number } = {}): TableMerger {
  return mergeTables(
    inputs.map((i) => ({ table: readMergeInput(gunzipMaybe(i.data, opts.maxDecompressedBytes)), weight: i.weight })),
    opts,
  );
}

/** mergeBytes to a gzipped merged profile (default.pgo). */
export function mergeProfileBytes(inputs: MergeBytesInput[], opts: MergeOptions & { gzipLevel?: number } = {}): Uint8Array {
  return gzip(encodeMerged(mergeBytes(inputs, opts)), opts.gzipLevel);
}

export function gzip(raw: Uint8Array, level?: number): Uint8Array {
  const gz = gzipSync(raw, level === undefined ? {} : { level });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}

/**
 * Weights that make every profile contribute the same total of `sampleTypeName`
 * (e.g. "samples" or "cpu"): weight_i = max_j(total_j) / total_i, so no input is scaled
 * down and no sample is lost to rounding. A profile whose total is 0 gets weight 1.
 * Throws MergeError("missing-sample-type") when a profile lacks the type.
 */
export function equaliseWeights(profiles: ProfileModel[], sampleTypeName: string): number[] {
  const totals = profiles.map((p, i) => {
    const strings = p.stringTable.strings;
    const col = p.sampleType.findIndex((st) => str(strings, st.type) === sampleTypeName);
    if (col < 0) throw new MergeError("missing-sample-type", `profile ${i} has no sample type ${JSON.stringify(sampleTypeName)}`);
    let total = 0;
    for (const s of p.sample) total += int64(s.value[col]);
    return total;
  });
  const max = Math.max(0, ...totals);
  return totals.map((t) => (t === 0 ? 1 : max / t));
}

/** Encode a profile as gzip-compressed protobuf, ready to be written as default.pgo. */
export function encodeProfileGzip(p: ProfileModel, opts: { level?: number } = {}): Uint8Array {
  return gzip(encodeProfile(p), opts.level);
}
