/**
 * The merge preview: what a merge of stored profiles will do to Go's compiler, computed
 * from the inputs' InputIndexes before (and without) writing the merged file.
 */
import { formatTimestamp } from "../format";
import { HttpError } from "../http/errors";
import { planMerge, type InputPlan, type MergedHeader } from "../pprof/merge-headers";
import { MergeError } from "../pprof/merge-errors";
import { PGO_MISSING_START_LINE, PGO_NO_SAMPLE_TYPE, type PgoEdge, type PgoEdgeMap } from "../pprof/pgo-edges";
import { ownCoverage } from "../pprof/pgo-coverage";
import { addEdgeWeights, DO_NOT_INLINE_PREFIX, hazardOf } from "../pprof/pgo-hazards";
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

/** Coverage of each service's own hot call sites (pgo-coverage.ts ownCoverage, over the edge table). */
function serviceCoverage(table: EdgeTable, parts: InputEdges[], inputs: LoadedInput[], mergedHot: HotSelection, maxMissing = 10): ServiceCoverageDto[] {
  const hotInMerge = new Uint8Array(table.size);
  for (const id of mergedHot.ids) hotInMerge[id] = 1;
  const services = [...new Set(inputs.map((i) => i.profile.service))];
  return services.map((service) => {
    const which = inputs.flatMap((i, k) => (i.profile.service === service ? [k] : []));
    const own = table.weigh(parts, which);
    const hot = table.hot(own, CDF_PERCENT);
    const ownHot = hot.totalWeight > 0 ? hot.ids : [];
    const c = ownCoverage(ownHot, (id) => own[id], (id) => hotInMerge[id] === 1, (id) => table.edge(id, own), maxMissing);
    return { service, hotShare: c.coverage, hotEdges: c.hotEdges, coveredEdges: c.coveredEdges, hotWeight: c.hotWeight, coveredWeight: c.coveredWeight, missing: c.missing };
  });
}

/** Known PGO inlining hazards among the inputs' functions, with the merged weight of the edges into them. */
function hazardsOf(inputs: LoadedInput[], guardedNames: Set<string>, table: EdgeTable | null, weights: Float64Array | null, hot: HotSelection | null): HazardDto[] {
  const names = new Set<string>();
  for (const i of inputs) for (const name of i.index.functionNames) if (hazardOf(name)) names.add(name);
  // Keyed by the callee name the merged file has: guarded functions are renamed.
  const byCallee = new Map<string, HazardDto>();
  for (const name of names) {
    const hazard = hazardOf(name)!;
    const guarded = guardedNames.has(name);
    const dto = { id: hazard.id, functionName: name, issue: hazard.issue, description: hazard.description, edgeWeight: 0, hotEdgeWeight: 0, guarded };
    byCallee.set(guarded ? DO_NOT_INLINE_PREFIX + name : name, dto);
  }
  if (table && weights) {
    const hotIds = new Uint8Array(table.size);
    for (const id of hot?.ids ?? []) hotIds[id] = 1;
    const ids = Array.from({ length: table.size }, (_, id) => id).filter((id) => weights[id] !== 0);
    addEdgeWeights(byCallee, ids, (id) => table.callee[id], (id) => weights[id], (id) => hotIds[id] === 1);
  }
  return [...byCallee.values()].sort((a, b) => b.edgeWeight - a.edgeWeight || a.functionName.localeCompare(b.functionName));
}

/** What the preview derives its parts from: the plans, each input's weights, and Go's merged edge table. */
interface PreviewState {
  inputs: LoadedInput[];
  weights: number[];
  header: MergedHeader;
  plans: InputPlan[];
  pgoCol: number;
  defCol: number;
  totalCol: number;
  pgoType: string;
  pw: PairWeights[];
  guarded: Set<string>;
  mergedSamples: number;
  table: EdgeTable | null;
  perInput: InputEdges[];
  mergedWeights: Float64Array | null;
  mergedHot: HotSelection | null;
  missingStartLine: boolean;
  pgoError: string | undefined;
}

function previewState(selection: MergeSelection, inputs: LoadedInput[]): PreviewState {
  const weights = resolveWeights(selection, inputs);
  const { plans, header } = planInputs(inputs, weights);
  const pgoCol = pgoColumn(header);
  const defCol = defaultColumn(header);
  const totalCol = pgoCol >= 0 ? pgoCol : defCol;
  const pw: PairWeights[] = inputs.map((i, k) => pairWeights(i.index, plans[k], pgoCol, totalCol));
  const guarded = selection.options.guardHazards ? guardedFunctions(inputs.map((i, k) => ({ index: i.index, weights: pw[k] }))) : new Set<string>();
  const mergedSamples = pw.reduce((s, w) => s + w.samples, 0);
  const pgoType = pgoCol >= 0 ? `${header.sampleTypes[pgoCol].type}/${header.sampleTypes[pgoCol].unit}` : "";
  const state: PreviewState = { inputs, weights, header, plans, pgoCol, defCol, totalCol, pgoType, pw, guarded, mergedSamples, table: null, perInput: [], mergedWeights: null, mergedHot: null, missingStartLine: false, pgoError: undefined };
  if (pgoCol >= 0 && mergedSamples > 0) {
    state.perInput = inputs.map((i, k) => inputEdges(i.index, pw[k]));
    state.table = new EdgeTable(
      inputs.map((i) => i.index),
      state.perInput,
      guarded,
    );
    state.mergedWeights = state.table.weigh(state.perInput, inputs.map((_, k) => k));
    state.mergedHot = state.table.hot(state.mergedWeights, CDF_PERCENT);
    state.missingStartLine = !state.perInput.some((e) => e.hasStartLine);
    if (state.missingStartLine) state.pgoError = PGO_MISSING_START_LINE;
  } else if (mergedSamples > 0) {
    state.pgoError = PGO_NO_SAMPLE_TYPE;
  }
  return state;
}

/** Warnings Go would otherwise give at build time, or production later, about the edge map and the inputs. */
function edgeWarnings(s: PreviewState): string[] {
  const warnings: string[] = [];
  const { header, inputs, perInput, table } = s;
  if (s.pgoError === PGO_NO_SAMPLE_TYPE) {
    const have = header.sampleTypes.map((st) => `${st.type}/${st.unit}`).join(", ");
    warnings.push(
      `The merged profile has no samples/count or cpu/nanoseconds sample type (it has ${have}): go build -pgo fails with "${PGO_NO_SAMPLE_TYPE}". Merge CPU profiles.`,
    );
  }
  const edgeTotal = s.mergedHot?.totalWeight ?? 0;
  if (s.missingStartLine) {
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
    if (s.pw[k].total === 0) {
      const type = header.sampleTypes[s.totalCol];
      warnings.push(`${label(i.profile)} is empty (no ${type.type}/${type.unit} value): it adds nothing to the merge.`);
    }
  });
  if (table && edgeTotal === 0 && !s.missingStartLine) {
    warnings.push("The merged profile has no call edges: go build -pgo accepts it but it changes nothing.");
  }
  return warnings;
}

/** Warnings about unguarded hazards and services whose hot paths the merge leaves cold. */
function hazardAndCoverageWarnings(s: PreviewState, hazards: HazardDto[], coverage: ServiceCoverageDto[]): string[] {
  const warnings: string[] = [];
  const edgeTotal = s.mergedHot?.totalWeight ?? 0;
  for (const h of hazards) {
    if (h.guarded || h.edgeWeight === 0) continue;
    warnings.push(
      `${h.functionName} is called in this profile${h.hotEdgeWeight > 0 ? ", on hot call sites" : ""} (${pct(edgeTotal ? h.edgeWeight / edgeTotal : 0)} of the edge weight): ${h.description} (${h.issue}). Turn on "Guard PGO hazards" to keep it from being inlined, as datadog-pgo does.`,
    );
  }
  const services = new Set(s.inputs.map((i) => i.profile.service));
  for (const c of coverage) {
    if (services.size > 1 && c.hotShare !== null && c.hotShare < 0.5) {
      warnings.push(
        `${c.service} keeps only ${pct(c.hotShare)} of its own hot call-site weight hot in this merge: its hot paths lose PGO's inlining. Equalise the weights or raise its weight.`,
      );
    }
  }
  return warnings;
}

function contributionsOf(s: PreviewState): Contribution[] {
  const grandTotal = s.pw.reduce((sum, w) => sum + w.total, 0);
  return s.inputs.map((i, k) => ({
    profileId: i.profile.id,
    service: i.profile.service,
    share: grandTotal === 0 ? 0 : s.pw[k].total / grandTotal,
    weight: s.weights[k],
    value: s.pw[k].total,
  }));
}

function previewInputs(s: PreviewState): PreviewInput[] {
  return s.inputs.map((i, k) => ({
    profileId: i.profile.id,
    service: i.profile.service,
    capturedAt: i.profile.capturedAt,
    weight: s.weights[k],
    samples: s.pw[k].samples,
    missingStartLine: s.perInput[k] ? !s.perInput[k].hasStartLine && s.perInput[k].hasNodes : false,
    empty: s.pw[k].total === 0,
  }));
}

/** The merge's full edge map, made on first call. */
function edgeMapOf(s: PreviewState): () => PgoEdgeMap | null {
  let built: PgoEdgeMap | null | undefined;
  return () => {
    if (built !== undefined) return built;
    if (s.pgoCol < 0) built = null;
    else if (!s.table || !s.mergedWeights) built = { sampleType: "", sampleIndex: -1, totalWeight: 0, edges: new Map(), missingStartLine: false, empty: true };
    else built = s.table.toEdgeMap(s.mergedWeights, { sampleType: s.pgoType, sampleIndex: s.pgoCol, missingStartLine: s.missingStartLine, samples: s.mergedSamples });
    return built;
  };
}

/** Compute the preview of merging `inputs` (in order) as `selection` says. Throws 422 for incompatible inputs. */
export function computePreview(selection: MergeSelection, inputs: LoadedInput[]): PreviewResult {
  const s = previewState(selection, inputs);
  const { header, table, mergedWeights, mergedHot } = s;
  const guardedNames = new Set([...s.guarded].map((key) => key.split("\u0000")[1]));
  const hotEdges = hotSummary(table, mergedWeights, mergedHot, { sampleType: s.mergedSamples > 0 ? s.pgoType : "", missingStartLine: s.missingStartLine, error: s.pgoError });
  const coverage = table && mergedHot ? serviceCoverage(table, s.perInput, inputs, mergedHot) : [];
  const hazards = hazardsOf(inputs, guardedNames, table, mergedWeights, mergedHot);
  const st = (i: number) => ({ type: header.sampleTypes[i]?.type ?? "", unit: header.sampleTypes[i]?.unit ?? "" });
  const preview: MergePreview = {
    contributions: contributionsOf(s),
    hotEdges,
    coverage,
    warnings: [...edgeWarnings(s), ...hazardAndCoverageWarnings(s, hazards, coverage)],
    hazards,
    inputs: previewInputs(s),
    contributionType: st(s.totalCol),
    defaultSampleType: st(s.defCol),
    sampleTypes: header.sampleTypes.map((_, i) => st(i)),
    durationNanos: Number(header.durationNanos),
    weightsEqualised: selection.equalise,
  };
  return { preview, edgeMap: edgeMapOf(s), weights: s.weights, guardedNames, header, plans: s.plans };
}

/** The preview with at most `limit` hot call sites (and at most `limit` missing ones per service). */
export function limitPreview<T extends { hotEdges: HotEdgesSummary; coverage: ServiceCoverageDto[] }>(p: T, limit: number | null): T {
  if (limit === null || p.hotEdges.edges.length <= limit) return p;
  return { ...p, hotEdges: { ...p.hotEdges, edges: p.hotEdges.edges.slice(0, limit) } };
}
