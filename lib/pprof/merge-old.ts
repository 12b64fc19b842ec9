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
 * - Sample values and numeric label values are JS numbers: exact below 2^53.
 * - More than 64 inputs: the CLI merges in chunks of 64; the result has the same values,
 *   entity numbering may differ.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import { Profile } from "pprof-format";
import { ProfileMerger } from "./merge-core";
import { encodeProfile } from "./merge-encode";
import { MergeError } from "./merge-errors";
import { planMerge, planRawMerge, str } from "./merge-headers";
import { int64 } from "./merge-int";
import { buildProfile, encodeMerged, hasZeroSample } from "./merge-output";
import { sourceOf } from "./merge-source";
import { readWireProfile } from "./merge-wire";

import type { MergeOptions } from "./merge";

/** The merge as it was before the tables (kept for the differential test, merge-differential.test.ts). */
export interface MergeInput {
  profile: Profile;
  weight?: number;
}

/** pprof: "If there are any zero samples, re-merge the profile to GC them." */
function compact(p: Profile): Profile {
  const { plans, header } = planRawMerge([sourceOf(p)]);
  const m = new ProfileMerger(header, false);
  m.addSamples(plans[0], p.sample);
  return Profile.decode(encodeProfile(buildProfile(m)));
}

/** Merge profiles like `go tool pprof -proto`; throws MergeError with pprof's reason. */
export function mergeProfilesOld(inputs: MergeInput[], opts: MergeOptions = {}): Profile {
  const { plans, header } = planMerge(inputs.map((i) => ({ source: sourceOf(i.profile), weight: i.weight })));
  const m = new ProfileMerger(header, opts.dropLabels ?? false);
  plans.forEach((plan, i) => m.addSamples(plan, inputs[i].profile.sample));
  const zero = hasZeroSample(m);
  const merged = Profile.decode(encodeProfile(buildProfile(m)));
  return zero ? compact(merged) : merged;
}

export interface MergeBytesInput {
  /** A profile.proto, gzipped or not. */
  data: Uint8Array;
  weight?: number;
}

function gunzipMaybe(b: Uint8Array): Uint8Array {
  if (b.length < 2 || b[0] !== 0x1f || b[1] !== 0x8b) return b;
  const raw = gunzipSync(b);
  return new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
}

/**
 * mergeProfiles from encoded profiles to a gzipped merged profile, without decoding samples
 * into objects: the fast, low-memory path for building default.pgo. Same result as
 * `encodeProfileGzip(mergeProfiles(decoded inputs))`.
 */
export function mergeProfileBytesOld(inputs: MergeBytesInput[], opts: MergeOptions & { gzipLevel?: number } = {}): Uint8Array {
  const wires = inputs.map((i) => readWireProfile(gunzipMaybe(i.data)));
  const { plans, header } = planMerge(wires.map((w, i) => ({ source: w.source, weight: inputs[i].weight })));
  const m = new ProfileMerger(header, opts.dropLabels ?? false);
  plans.forEach((plan, i) => m.addWire(plan, wires[i]));
  const raw = hasZeroSample(m) ? encodeProfile(compact(Profile.decode(encodeProfile(buildProfile(m))))) : encodeMerged(m);
  return gzip(raw, opts.gzipLevel);
}

function gzip(raw: Uint8Array, level?: number): Uint8Array {
  const gz = gzipSync(raw, level === undefined ? {} : { level });
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength);
}
