/**
 * The header side of `go tool pprof -proto a b c` (google/pprof):
 * internal/driver/fetch.go combineProfiles = profile.CompatibilizeSampleTypes, then
 * measurement.ScaleProfiles, then profile.Merge (combineHeaders + compatible).
 * Produces one plan per input (which columns to keep, unit ratios) and the merged header.
 */
import type { Numeric } from "./numbers";
import type { ProfileEntities } from "./profile-entities";
import { MergeError } from "./merge-errors";
import { bigInt64, int64 } from "./merge-int";
import { commonValueType, formatValueType, goRound, scaleValue, type ValueTypeStrings } from "./merge-units";

/** A sample type or period type as string-table indexes. */
export interface SourceValueType {
  type: Numeric;
  unit: Numeric;
}

/** What planning a merge reads of an input: its header fields, as string-table indexes into `strings`. */
export interface MergeHeaderSource {
  sampleType: SourceValueType[];
  periodType: SourceValueType | undefined;
  period: Numeric;
  timeNanos: Numeric;
  durationNanos: Numeric;
  comment: Numeric[];
  defaultSampleType: Numeric;
  dropFrames: Numeric;
  keepFrames: Numeric;
  docUrl: Numeric;
  strings: string[];
}

/** The header of a table's entities as a merge source. */
export function headerSource(e: ProfileEntities): MergeHeaderSource {
  const h = e.header;
  return {
    sampleType: h.sampleTypes,
    periodType: h.periodType,
    period: h.period,
    timeNanos: h.timeNanos,
    durationNanos: h.durationNanos,
    comment: h.comments,
    defaultSampleType: h.defaultSampleType,
    dropFrames: h.dropFrames,
    keepFrames: h.keepFrames,
    docUrl: h.docUrl,
    strings: e.strings,
  };
}

/** How one input's sample values become merged values. */
export interface InputPlan {
  source: MergeHeaderSource;
  strings: string[];
  /** Profile.Scale ratio applied first (1 = none). */
  weight: number;
  /** Number of values each sample of this input carries. */
  nOrigCols: number;
  /** Merged column i takes the input's column colMap[i]. */
  colMap: number[];
  /** Unit ratio per merged column (ScaleProfiles). */
  ratios: number[];
  /** True when some ratio differs from 1 (ScaleN then drops samples whose scaled values are all 0). */
  scaleUnits: boolean;
}

/** Header of the merged profile, strings resolved. */
export interface MergedHeader {
  sampleTypes: ValueTypeStrings[];
  periodType: ValueTypeStrings;
  period: bigint;
  timeNanos: bigint;
  durationNanos: bigint;
  comments: string[];
  defaultSampleType: string;
  dropFrames: string;
  keepFrames: string;
  docUrl: string;
}

interface Working {
  plan: InputPlan;
  sampleTypes: ValueTypeStrings[];
  periodType: ValueTypeStrings;
  period: bigint;
  defaultSampleType: string;
}

/** String at a pprof string-table index ("" when out of range). */
export function str(strings: string[], idx: number | bigint | undefined): string {
  return strings[int64(idx)] ?? "";
}

function readInput(profile: MergeHeaderSource, weight: number): Working {
  const strings = profile.strings;
  const sampleTypes = profile.sampleType.map((st) => ({ type: str(strings, st.type), unit: str(strings, st.unit) }));
  const pt = profile.periodType;
  return {
    plan: {
      source: profile,
      strings,
      weight,
      nOrigCols: sampleTypes.length,
      colMap: sampleTypes.map((_, i) => i),
      ratios: sampleTypes.map(() => 1),
      scaleUnits: false,
    },
    sampleTypes,
    periodType: pt ? { type: str(strings, pt.type), unit: str(strings, pt.unit) } : { type: "", unit: "" },
    period: bigInt64(profile.period),
    defaultSampleType: str(strings, profile.defaultSampleType),
  };
}

/** profile.CompatibilizeSampleTypes: keep types common to all inputs, ordered as in the first. */
function compatibilize(ws: Working[]): void {
  const counts = new Map<string, number>();
  for (const w of ws) for (const st of w.sampleTypes) counts.set(st.type, (counts.get(st.type) ?? 0) + 1);
  const common = ws[0].sampleTypes.map((st) => st.type).filter((t) => counts.get(t) === ws.length);
  if (common.length === 0) {
    throw new MergeError("empty-common-sample-types", "profiles have empty common sample type list");
  }
  for (const w of ws) {
    let defaultSampleType = common[0];
    let needToModify = false;
    const reMap = common.map((t, i) => {
      if (t === w.defaultSampleType) defaultSampleType = w.defaultSampleType;
      const idx = w.sampleTypes.findIndex((st) => st.type === t);
      if (idx < 0) throw new MergeError("incompatible-sample-types", `${JSON.stringify(t)} sample type is not found in profile`);
      if (idx !== i) needToModify = true;
      return idx;
    });
    if (!needToModify && common.length === w.sampleTypes.length) continue;
    w.defaultSampleType = defaultSampleType;
    w.sampleTypes = reMap.map((idx) => w.sampleTypes[idx]);
    w.plan.colMap = reMap.map((idx) => w.plan.colMap[idx]);
  }
}

/** measurement.ScaleProfiles: convert every input to the finest common unit. */
function scaleUnits(ws: Working[]): void {
  const periodType = commonValueType(ws.map((w) => w.periodType));
  if (periodType && "error" in periodType) {
    throw new MergeError("incompatible-period-types", `period type: ${periodType.error}`);
  }
  const n = ws[0].sampleTypes.length;
  for (const w of ws) {
    if (w.sampleTypes.length !== n) {
      throw new MergeError("incompatible-sample-types", `inconsistent samples type count: ${n} != ${w.sampleTypes.length}`);
    }
  }
  const targets: (ValueTypeStrings | undefined)[] = [];
  for (let i = 0; i < n; i++) {
    const t = commonValueType(ws.map((w) => w.sampleTypes[i]));
    if (t && "error" in t) throw new MergeError("incompatible-sample-types", `sample types: ${t.error}`);
    targets.push(t);
  }
  for (const w of ws) {
    if (periodType) {
      const scaled = scaleValue(Number(w.period), w.periodType.unit, periodType.unit);
      w.period = BigInt.asIntN(64, BigInt(Math.trunc(scaled)));
      w.periodType = { type: w.periodType.type, unit: periodType.unit };
    }
    w.sampleTypes = w.sampleTypes.map((st, i) => {
      const t = targets[i];
      if (!t) return st;
      w.plan.ratios[i] = scaleValue(1, st.unit, t.unit);
      return { type: st.type, unit: t.unit };
    });
    w.plan.ratios.length = n;
    w.plan.scaleUnits = w.plan.ratios.some((r) => r !== 1);
  }
}

function sameType(a: ValueTypeStrings, b: ValueTypeStrings): boolean {
  return a.type === b.type && a.unit === b.unit;
}

/** profile.Merge's combineHeaders, including its `compatible` check. */
function combineHeaders(ws: Working[]): MergedHeader {
  const first = ws[0];
  for (const w of ws.slice(1)) {
    if (!sameType(first.periodType, w.periodType)) {
      throw new MergeError(
        "incompatible-period-types",
        `incompatible period types &${formatValueType(first.periodType)} and &${formatValueType(w.periodType)}`,
      );
    }
    const same =
      first.sampleTypes.length === w.sampleTypes.length && first.sampleTypes.every((st, i) => sameType(st, w.sampleTypes[i]));
    if (!same) {
      const fmt = (sts: ValueTypeStrings[]) => `[${sts.map(formatValueType).join(" ")}]`;
      throw new MergeError("incompatible-sample-types", `incompatible sample types ${fmt(first.sampleTypes)} and ${fmt(w.sampleTypes)}`);
    }
  }
  let timeNanos = 0n;
  let durationNanos = 0n;
  let period = 0n;
  const comments: string[] = [];
  const seen = new Set<string>();
  let defaultSampleType = "";
  let docUrl = "";
  for (const w of ws) {
    const p = w.plan.source;
    const t = bigInt64(p.timeNanos);
    // Literal Go: a later zero time resets the minimum (pprof's own behaviour).
    if (timeNanos === 0n || t < timeNanos) timeNanos = t;
    durationNanos = BigInt.asIntN(64, durationNanos + bigInt64(p.durationNanos));
    if (period === 0n || period < w.period) period = w.period;
    for (const c of p.comment) {
      const s = str(w.plan.strings, c);
      if (!seen.has(s)) {
        seen.add(s);
        comments.push(s);
      }
    }
    if (defaultSampleType === "") defaultSampleType = w.defaultSampleType;
    if (docUrl === "") docUrl = str(w.plan.strings, p.docUrl);
  }
  return {
    sampleTypes: first.sampleTypes,
    periodType: first.periodType,
    period,
    timeNanos,
    durationNanos,
    comments,
    defaultSampleType,
    dropFrames: str(first.plan.strings, first.plan.source.dropFrames),
    keepFrames: str(first.plan.strings, first.plan.source.keepFrames),
    docUrl,
  };
}

/** Plans for `go tool pprof -proto` over the given inputs (weights applied by Profile.Scale first). */
export function planMerge(inputs: { source: MergeHeaderSource; weight?: number }[]): { plans: InputPlan[]; header: MergedHeader } {
  if (inputs.length === 0) throw new MergeError("no-profiles", "no profiles to merge");
  const ws = inputs.map(({ source, weight = 1 }) => {
    if (!Number.isFinite(weight)) throw new MergeError("invalid-weight", `invalid weight ${weight}`);
    return readInput(source, weight);
  });
  compatibilize(ws);
  scaleUnits(ws);
  return { plans: ws.map((w) => w.plan), header: combineHeaders(ws) };
}

/** Plan for profile.Merge alone (no sample-type or unit adjustment): used to compact a merged profile. */
export function planRawMerge(profiles: MergeHeaderSource[]): { plans: InputPlan[]; header: MergedHeader } {
  const ws = profiles.map((p) => readInput(p, 1));
  return { plans: ws.map((w) => w.plan), header: combineHeaders(ws) };
}

/**
 * One sample's values as the merge takes them (`raw`: the input's values, rewritten): Profile.Scale
 * by the weight with Go's rounding, the merged columns, the unit scaling of ScaleProfiles, into
 * `out`. False when pprof drops the sample (all values zero after a step).
 */
export function scaleSample(plan: InputPlan, raw: Float64Array, out: Float64Array): boolean {
  const { colMap, ratios, weight, nOrigCols, scaleUnits } = plan;
  const nCols = colMap.length;
  if (weight !== 1) {
    let keep = false;
    for (let k = 0; k < nOrigCols; k++) {
      const x = goRound(raw[k] * weight);
      raw[k] = x;
      if (x !== 0) keep = true;
    }
    if (!keep) return false;
  }
  for (let i = 0; i < nCols; i++) out[i] = raw[colMap[i]];
  if (scaleUnits) {
    let keep = false;
    for (let i = 0; i < nCols; i++) {
      if (ratios[i] === 1) continue;
      const x = goRound(out[i] * ratios[i]);
      out[i] = x;
      if (x !== 0) keep = true;
    }
    if (!keep) return false;
  }
  for (let i = 0; i < nCols; i++) if (out[i] !== 0) return true;
  return false;
}
