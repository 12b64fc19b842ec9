/**
 * Merge Go profiles the way `go tool pprof -proto a b c > merged.pb.gz` does
 * (google/pprof internal/driver/fetch.go combineProfiles + profile/merge.go), with
 * optional per-input weights (Profile.Scale before merging, golang/go#64487) and
 * optional label dropping (what datadog-pgo does to keep default.pgo small).
 *
 * Differences from the CLI, on purpose or by scope:
 * - Samples without locations are dropped, as the CLI's focus filter does.
 * - A single input is compacted like profile.Merge([p]) (the CLI writes it back unmerged).
 * - drop_frames/keep_frames are copied from the first input but not applied
 *   (the CLI's RemoveUninteresting prunes with them; Go runtimes never set them).
 * - Sample values are JS numbers: exact while every merged value stays below 2^53.
 * - More than 64 inputs: the CLI merges in chunks of 64; the result has the same values,
 *   entity numbering may differ.
 */
import { gzipSync } from "node:zlib";
import type { Profile } from "pprof-format";
import { ProfileMerger } from "./merge-core";
import { MergeError } from "./merge-errors";
import { planMerge, planRawMerge, str, type InputPlan, type MergedHeader } from "./merge-headers";
import { int64 } from "./merge-int";

export { MergeError, type MergeErrorReason } from "./merge-errors";

export interface MergeInput {
  profile: Profile;
  /** Multiplies every sample value of this input (rounded to the nearest integer). Default 1. */
  weight?: number;
}

export interface MergeOptions {
  /** Remove all sample labels before merging, so identical stacks merge. */
  dropLabels?: boolean;
}

function run(plans: InputPlan[], header: MergedHeader, dropLabels: boolean): Profile {
  const merger = new ProfileMerger(header, dropLabels);
  for (const plan of plans) merger.add(plan);
  const { profile, hasZeroSample } = merger.build();
  if (!hasZeroSample) return profile;
  // pprof: "If there are any zero samples, re-merge the profile to GC them."
  const again = planRawMerge([profile]);
  return run(again.plans, again.header, false);
}

/** Merge profiles like `go tool pprof -proto`; throws MergeError with pprof's reason. */
export function mergeProfiles(inputs: MergeInput[], opts: MergeOptions = {}): Profile {
  const { plans, header } = planMerge(inputs);
  return run(plans, header, opts.dropLabels ?? false);
}

/**
 * Weights that make every profile contribute the same total of `sampleTypeName`
 * (e.g. "samples" or "cpu"): weight_i = max_j(total_j) / total_i, so no input is scaled
 * down and no sample is lost to rounding. A profile whose total is 0 gets weight 1.
 * Throws MergeError("missing-sample-type") when a profile lacks the type.
 */
export function equaliseWeights(profiles: Profile[], sampleTypeName: string): number[] {
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
export function encodeProfileGzip(p: Profile): Uint8Array {
  const raw = p.encode();
  const gz = gzipSync(raw);
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}
