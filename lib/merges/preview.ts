/**
 * The merge preview: what a merge of stored profiles will do to Go's compiler, computed
 * from the inputs' InputIndexes before (and without) writing the merged file.
 */
import { formatTimestamp } from "../format";
import { HttpError } from "../http/errors";
import { planMerge, type InputPlan, type MergedHeader } from "../pprof/merge-headers";
import { MergeError } from "../pprof/merge-errors";
import { PGO_MISSING_START_LINE, PGO_NO_SAMPLE_TYPE, type PgoEdge, type PgoEdgeMap } from "../pprof/pgo-edges";
import { DO_NOT_INLINE_PREFIX, hazardOf } from "../pprof/pgo-hazards";
import type { ProfileDto } from "../profiles/profile-dto";
import type { InputIndex } from "./input-index";
import { defaultColumn, EdgeTable, guardedFunctions, inputEdges, pairWeights, pgoColumn, type HotSelection, type InputEdges, type PairWeights } from "./merged-edges";
import type { MergeSelection } from "./selection";

/** Go's default `-d=pgoinlinecdfthreshold`. */
export const CDF_PERCENT = 99;

export interface LoadedInput {
  profile: ProfileDto;
  index: InputIndex;
}

export interface Contribution {
  profileId: string;
  service: string;
  /** Share of the merged total (0..1) of the contribution sample type. */
  share: number;
  weight: number;
  /** The input's total in the merged profile (after weighting). */
  value: number;
}

export interface HotEdgesSummary {
  /** "samples/count" or "cpu/nanoseconds": the value Go reads ("" when there is none). */
  sampleType: string;
  totalWeight: number;
  cdfPercent: number;
  /** Weight of the last hot edge, the one that crosses the threshold (0 when none crosses). */
  thresholdWeight: number;
  thresholdPercent: number;
  /** Hot call sites (all of them unless a limit was asked for). */
  count: number;
  /** Call edges in the map, hot or not. */
  edgeCount: number;
  missingStartLine: boolean;
  /** Go's error when `go build -pgo` would refuse the file. */
  error?: string;
  /** Heaviest first, Go's order. */
  edges: PgoEdge[];
}

export interface ServiceCoverageDto {
  service: string;
  /** Share (0..1) of the service's own hot call-site weight that is hot in the merge; null when it has none. */
  hotShare: number | null;
  hotEdges: number;
  coveredEdges: number;
  hotWeight: number;
  coveredWeight: number;
  /** Its heaviest own hot call sites that the merge leaves cold. */
  missing: PgoEdge[];
}

export interface HazardDto {
  id: string;
  functionName: string;
  issue: string;
  description: string;
  /** Weight of call edges into it, and of those that are hot. */
  edgeWeight: number;
  hotEdgeWeight: number;
  /** Renamed to "DO NOT INLINE: ..." in the merged file. */
  guarded: boolean;
}

export interface PreviewInput {
  profileId: string;
  service: string;
  capturedAt: string;
  weight: number;
  /** Samples the merge keeps from it. */
  samples: number;
  missingStartLine: boolean;
  empty: boolean;
}

export interface MergePreview {
  contributions: Contribution[];
  hotEdges: HotEdgesSummary;
  coverage: ServiceCoverageDto[];
  warnings: string[];
  hazards: HazardDto[];
  inputs: PreviewInput[];
  /** Sample type of the contributions: Go's PGO type, else the merged profile's default. */
  contributionType: { type: string; unit: string };
  /** What pprof will show for the merged file (the flame graph's sample type). */
  defaultSampleType: { type: string; unit: string };
  sampleTypes: { type: string; unit: string }[];
  durationNanos: number;
  weightsEqualised: boolean;
}

/** pprof's refusal as the API's 422. */
export function incompatible(err: MergeError): HttpError {
  return new HttpError(422, `these profiles cannot be merged: ${err.message}`);
}

export function planInputs(inputs: LoadedInput[], weights: number[]): { plans: InputPlan[]; header: MergedHeader } {
  try {
    return planMerge(inputs.map((i, k) => ({ source: i.index.header, weight: weights[k] })));
  } catch (err) {
    if (err instanceof MergeError) throw incompatible(err);
    throw err;
  }
}

/** Weights for "equalise": max total / own total on the contribution column, 1 for empty inputs (like equaliseWeights). */
function equalisedWeights(inputs: LoadedInput[]): number[] {
  const { plans, header } = planInputs(inputs, inputs.map(() => 1));
  const pgo = pgoColumn(header);
  const col = pgo >= 0 ? pgo : defaultColumn(header);
  const totals = inputs.map((i, k) => pairWeights(i.index, plans[k], -1, col).total);
  const max = Math.max(0, ...totals);
  return totals.map((t) => (t === 0 ? 1 : max / t));
}

export function resolveWeights(selection: MergeSelection, inputs: LoadedInput[]): number[] {
  if (selection.equalise) return equalisedWeights(inputs);
  return selection.profileIds.map((id) => selection.weights[id] ?? 1);
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.001 ? 3 : 1)}%`;

function label(p: ProfileDto): string {
  return `${p.service} (profile captured ${formatTimestamp(p.capturedAt)})`;
}

export interface PreviewResult {
  preview: MergePreview;
  /** The merge's full edge map, as pgoEdgeMap of the merged file gives it (null without a PGO sample type). Built on demand. */
  edgeMap(): PgoEdgeMap | null;
  weights: number[];
  /** Function names guardHazards renames. */
  guardedNames: Set<string>;
  header: MergedHeader;
  plans: InputPlan[];
}

function hotSummary(table: EdgeTable | null, weights: Float64Array | null, hot: HotSelection | null, extra: { sampleType: string; missingStartLine: boolean; error?: string }): HotEdgesSummary {
  return {
    sampleType: extra.sampleType,
    totalWeight: hot?.totalWeight ?? 0,
    cdfPercent: CDF_PERCENT,
    thresholdWeight: hot?.thresholdWeight ?? 0,
    thresholdPercent: hot?.thresholdPercent ?? 0,
    count: hot?.ids.length ?? 0,
    edgeCount: hot?.edgeCount ?? 0,
    missingStartLine: extra.missingStartLine,
    error: extra.error,
    edges: table && weights && hot ? hot.ids.map((id) => table.edge(id, weights)) : [],
  };
}

/** Coverage of each service's own hot call sites (lib/pprof/pgo-coverage.ts, over the edge table). */
function serviceCoverage(table: EdgeTable, parts: InputEdges[], inputs: LoadedInput[], mergedHot: HotSelection, maxMissing = 10): ServiceCoverageDto[] {
  const hotInMerge = new Uint8Array(table.size);
  for (const id of mergedHot.ids) hotInMerge[id] = 1;
  const services = [...new Set(inputs.map((i) => i.profile.service))];
  return services.map((service) => {
    const which = inputs.flatMap((i, k) => (i.profile.service === service ? [k] : []));
    const own = table.weigh(parts, which);
    const hot = table.hot(own, CDF_PERCENT);
    const ownHot = hot.totalWeight > 0 ? hot.ids : [];
    let hotWeight = 0;
    let coveredWeight = 0;
    let coveredEdges = 0;
    const missing: PgoEdge[] = [];
    for (const id of ownHot) {
      hotWeight += own[id];
      if (hotInMerge[id]) {
        coveredWeight += own[id];
        coveredEdges++;
      } else if (missing.length < maxMissing) missing.push(table.edge(id, own));
    }
    return {
      service,
      hotShare: hotWeight > 0 ? coveredWeight / hotWeight : null,
      hotEdges: ownHot.length,
      coveredEdges,
      hotWeight,
      coveredWeight,
      missing,
    };
  });
}

/** Compute the preview of merging `inputs` (in order) as `selection` says. Throws 422 for incompatible inputs. */
export function computePreview(selection: MergeSelection, inputs: LoadedInput[]): PreviewResult {
  const weights = resolveWeights(selection, inputs);
  const { plans, header } = planInputs(inputs, weights);
  const pgoCol = pgoColumn(header);
  const defCol = defaultColumn(header);
  const totalCol = pgoCol >= 0 ? pgoCol : defCol;
  const pw: PairWeights[] = inputs.map((i, k) => pairWeights(i.index, plans[k], pgoCol, totalCol));
  const guarded = selection.options.guardHazards ? guardedFunctions(inputs.map((i, k) => ({ index: i.index, weights: pw[k] }))) : new Set<string>();
  const guardedNames = new Set([...guarded].map((key) => key.split("\u0000")[1]));
  const mergedSamples = pw.reduce((s, w) => s + w.samples, 0);
  const pgoType = pgoCol >= 0 ? `${header.sampleTypes[pgoCol].type}/${header.sampleTypes[pgoCol].unit}` : "";

  const warnings: string[] = [];
  let table: EdgeTable | null = null;
  let perInput: InputEdges[] = [];
  let mergedWeights: Float64Array | null = null;
  let mergedHot: HotSelection | null = null;
  let missingStartLine = false;
  let pgoError: string | undefined;
  if (pgoCol >= 0 && mergedSamples > 0) {
    perInput = inputs.map((i, k) => inputEdges(i.index, pw[k]));
    table = new EdgeTable(
      inputs.map((i) => i.index),
      perInput,
      guarded,
    );
    mergedWeights = table.weigh(perInput, inputs.map((_, k) => k));
    mergedHot = table.hot(mergedWeights, CDF_PERCENT);
    missingStartLine = !perInput.some((e) => e.hasStartLine);
    if (missingStartLine) pgoError = PGO_MISSING_START_LINE;
  } else if (mergedSamples > 0) {
    pgoError = PGO_NO_SAMPLE_TYPE;
    const have = header.sampleTypes.map((st) => `${st.type}/${st.unit}`).join(", ");
    warnings.push(
      `The merged profile has no samples/count or cpu/nanoseconds sample type (it has ${have}): go build -pgo fails with "${PGO_NO_SAMPLE_TYPE}". Merge CPU profiles.`,
    );
  }
  const hotEdges = hotSummary(table, mergedWeights, mergedHot, { sampleType: mergedSamples > 0 ? pgoType : "", missingStartLine, error: pgoError });
  const coverage = table && mergedHot ? serviceCoverage(table, perInput, inputs, mergedHot) : [];
  const services = [...new Set(inputs.map((i) => i.profile.service))];

  const grandTotal = pw.reduce((s, w) => s + w.total, 0);
  const contributions: Contribution[] = inputs.map((i, k) => ({
    profileId: i.profile.id,
    service: i.profile.service,
    share: grandTotal === 0 ? 0 : pw[k].total / grandTotal,
    weight: weights[k],
    value: pw[k].total,
  }));

  // Warnings Go would otherwise give at build time, or production later.
  const edgeTotal = mergedHot?.totalWeight ?? 0;
  if (missingStartLine) {
    warnings.push(
      `No input has Function.start_line (profiles written by Go 1.19 or older): go build -pgo fails with "${PGO_MISSING_START_LINE}". Collect profiles from Go 1.20+ binaries.`,
    );
  } else if (table) {
    perInput.forEach((e, k) => {
      if (e.hasStartLine || !e.hasNodes) return;
      const share = edgeTotal > 0 ? e.totalWeight / edgeTotal : 0;
      warnings.push(
        `${label(inputs[k].profile)} has no Function.start_line (written by Go 1.19 or older): its call sites are keyed by absolute line numbers, match nothing in the compiler, and take ${pct(share)} of the merged edge weight. Collect it from a Go 1.20+ binary or leave it out.`,
      );
    });
  }
  inputs.forEach((i, k) => {
    if (pw[k].total === 0) {
      const type = header.sampleTypes[totalCol];
      warnings.push(`${label(i.profile)} is empty (no ${type.type}/${type.unit} value): it adds nothing to the merge.`);
    }
  });
  if (table && edgeTotal === 0 && !missingStartLine) {
    warnings.push("The merged profile has no call edges: go build -pgo accepts it but it changes nothing.");
  }

  // Known PGO inlining hazards.
  const hazards: HazardDto[] = [];
  const seenNames = new Set<string>();
  for (const i of inputs) for (const name of i.index.functionNames) seenNames.add(name);
  const hotIds = new Set(mergedHot?.ids ?? []);
  for (const name of seenNames) {
    const hazard = hazardOf(name);
    if (!hazard) continue;
    const isGuarded = guardedNames.has(name);
    const callee = isGuarded ? DO_NOT_INLINE_PREFIX + name : name;
    let edgeWeight = 0;
    let hotEdgeWeight = 0;
    if (table && mergedWeights) {
      for (let id = 0; id < table.size; id++) {
        if (table.callee[id] !== callee || mergedWeights[id] === 0) continue;
        edgeWeight += mergedWeights[id];
        if (hotIds.has(id)) hotEdgeWeight += mergedWeights[id];
      }
    }
    hazards.push({ id: hazard.id, functionName: name, issue: hazard.issue, description: hazard.description, edgeWeight, hotEdgeWeight, guarded: isGuarded });
  }
  hazards.sort((a, b) => b.edgeWeight - a.edgeWeight || a.functionName.localeCompare(b.functionName));
  for (const h of hazards) {
    if (h.guarded || h.edgeWeight === 0) continue;
    warnings.push(
      `${h.functionName} is called in this profile${h.hotEdgeWeight > 0 ? ", on hot call sites" : ""} (${pct(edgeTotal ? h.edgeWeight / edgeTotal : 0)} of the edge weight): ${h.description} (${h.issue}). Turn on "Guard PGO hazards" to keep it from being inlined, as datadog-pgo does.`,
    );
  }

  for (const c of coverage) {
    if (services.length > 1 && c.hotShare !== null && c.hotShare < 0.5) {
      warnings.push(
        `${c.service} keeps only ${pct(c.hotShare)} of its own hot call-site weight hot in this merge: its hot paths lose PGO's inlining. Equalise the weights or raise its weight.`,
      );
    }
  }

  const st = (i: number) => ({ type: header.sampleTypes[i]?.type ?? "", unit: header.sampleTypes[i]?.unit ?? "" });
  const preview: MergePreview = {
    contributions,
    hotEdges,
    coverage,
    warnings,
    hazards,
    inputs: inputs.map((i, k) => ({
      profileId: i.profile.id,
      service: i.profile.service,
      capturedAt: i.profile.capturedAt,
      weight: weights[k],
      samples: pw[k].samples,
      missingStartLine: perInput[k] ? !perInput[k].hasStartLine && perInput[k].hasNodes : false,
      empty: pw[k].total === 0,
    })),
    contributionType: st(totalCol),
    defaultSampleType: st(defCol),
    sampleTypes: header.sampleTypes.map((_, i) => st(i)),
    durationNanos: Number(header.durationNanos),
    weightsEqualised: selection.equalise,
  };
  let built: PgoEdgeMap | null | undefined;
  const edgeMap = (): PgoEdgeMap | null => {
    if (built !== undefined) return built;
    if (pgoCol < 0) built = null;
    else if (!table || !mergedWeights) built = { sampleType: "", sampleIndex: -1, totalWeight: 0, edges: new Map(), missingStartLine: false, empty: true };
    else built = table.toEdgeMap(mergedWeights, { sampleType: pgoType, sampleIndex: pgoCol, missingStartLine, samples: mergedSamples });
    return built;
  };
  return { preview, edgeMap, weights, guardedNames, header, plans };
}

/** The preview with at most `limit` hot call sites (and at most `limit` missing ones per service). */
export function limitPreview<T extends { hotEdges: HotEdgesSummary; coverage: ServiceCoverageDto[] }>(p: T, limit: number | null): T {
  if (limit === null || p.hotEdges.edges.length <= limit) return p;
  return { ...p, hotEdges: { ...p.hotEdges, edges: p.hotEdges.edges.slice(0, limit) } };
}
