/**
 * The PGO edge map of a merge, computed from the inputs' InputIndexes without writing the
 * merged file: pprof's merge adds sample values, and Go's edge weights are sums over
 * samples, so the merged map is the sum of each input's map with every sample value
 * transformed exactly as the merger transforms it (Profile.Scale by the weight with Go's
 * rounding, then the unit scaling of ScaleProfiles, then dropping all-zero samples:
 * lib/pprof/merged-samples.ts TableMerger.scale). The tests check the result against pgoEdgeMap of
 * the merged file.
 *
 * Go drops graph nodes whose cumulative and flat values are both zero; that is decided per
 * input here, which differs from the merged file only for profiles with negative values.
 */
import { scaleSample, type InputPlan, type MergedHeader } from "../pprof/merge-headers";
import { defaultSampleTypeOf, pgoSampleTypeOf } from "../pprof/sample-type";
import { edgeKey, PGO_MISSING_START_LINE, weightInPercentage, type PgoEdge, type PgoEdgeMap } from "../pprof/pgo-edges";
import { DO_NOT_INLINE_PREFIX, hazardOf } from "../pprof/pgo-hazards";
import type { InputIndex } from "./input-index";

/** One input's sample values as merged: weight per (pair) and totals. */
export interface PairWeights {
  /** Value of the PGO column per pair (0 for pairs whose samples were all dropped). */
  pair: Float64Array;
  /** Pairs with at least one sample kept by the merge. */
  kept: Uint8Array;
  /** Total of the PGO column (the input's contribution to Go's sample value). */
  pgoTotal: number;
  /** Total of the contribution column (the PGO column, else the merged default). */
  total: number;
  /** Samples kept. */
  samples: number;
}

/** Merged column Go's PGO reads (samples/count or cpu/nanoseconds), or -1. */
export function pgoColumn(header: MergedHeader): number {
  return pgoSampleTypeOf(header.sampleTypes);
}

/** pprof's choice of a merged profile's shown sample type: default_sample_type, else the last. */
export function defaultColumn(header: MergedHeader): number {
  return defaultSampleTypeOf(header.sampleTypes, header.defaultSampleType || undefined);
}

/** Apply the merger's per-sample transformation to every row of an input. */
export function pairWeights(index: InputIndex, plan: InputPlan, pgoCol: number, totalCol: number): PairWeights {
  const { nCols: nOrig, rowCount, rowPair, rowValues, rowSamples } = index;
  const nMerged = plan.colMap.length;
  const raw = new Float64Array(Math.max(1, nOrig));
  const merged = new Float64Array(Math.max(1, nMerged));
  const pair = new Float64Array(index.pairCount);
  const kept = new Uint8Array(index.pairCount);
  let pgoTotal = 0;
  let total = 0;
  let samples = 0;
  for (let r = 0; r < rowCount; r++) {
    const base = r * nOrig;
    for (let k = 0; k < nOrig; k++) raw[k] = rowValues[base + k];
    if (!scaleSample(plan, raw, merged)) continue;
    const n = rowSamples[r];
    const p = rowPair[r];
    kept[p] = 1;
    samples += n;
    if (pgoCol >= 0) {
      const v = merged[pgoCol] * n;
      pair[p] += v;
      pgoTotal += v;
    }
    if (totalCol >= 0) total += merged[totalCol] * n;
  }
  return { pair, kept, pgoTotal, total, samples };
}

/** Function keys that guardHazards would rename in the merged profile: hazards that are the leaf frame of a kept sample. */
export function guardedFunctions(parts: { index: InputIndex; weights: PairWeights }[]): Set<string> {
  const out = new Set<string>();
  for (const { index, weights } of parts) {
    for (let p = 0; p < index.pairCount; p++) {
      const fk = index.pairLeafFunction[p];
      if (!weights.kept[p] || fk < 0) continue;
      if (hazardOf(index.functionNames[fk])) out.add(index.functionKeys[fk]);
    }
  }
  return out;
}

/** One input's contribution to Go's edge map, per function edge of its index. */
export interface InputEdges {
  /** Weight per function edge (InputIndex.fnEdge*). */
  fnEdge: Float64Array;
  totalWeight: number;
  /** Some node with a non-zero value has a start line. */
  hasStartLine: boolean;
  /** Some node has a non-zero value (Go built a graph from this input's samples). */
  hasNodes: boolean;
}

/** Go's graph over one input's weighted pairs: node selection, then each step's value on its function edge. */
export function inputEdges(index: InputIndex, weights: PairWeights): InputEdges {
  const nNodes = index.nodeFunction.length;
  const cum = new Float64Array(nNodes);
  const flat = new Float64Array(nNodes);
  const W = weights.pair;
  for (let p = 0; p < index.pairCount; p++) {
    const w = W[p];
    if (w === 0 || index.pairLeaf[p] < 0) continue; // a sample without locations: no node
    for (let k = index.pairNodeStart[p]; k < index.pairNodeStart[p + 1]; k++) cum[index.pairNodes[k]] += w;
    flat[index.pairLeaf[p]] += w;
  }
  const selected = (n: number) => cum[n] !== 0 || flat[n] !== 0;
  let hasStartLine = false;
  let hasNodes = false;
  for (let n = 0; n < nNodes; n++) {
    if (!selected(n)) continue;
    hasNodes = true;
    if (index.nodeStartLine[n] !== 0) hasStartLine = true;
  }
  const fnEdge = new Float64Array(index.fnEdgeKey.length);
  let totalWeight = 0;
  for (let p = 0; p < index.pairCount; p++) {
    const w = W[p];
    if (w === 0) continue;
    for (let k = index.pairEdgeStart[p]; k < index.pairEdgeStart[p + 1]; k++) {
      if (!selected(index.pairEdgeFrom[k])) continue;
      fnEdge[index.pairEdgeFn[k]] += w;
      totalWeight += w;
    }
  }
  return { fnEdge, totalWeight, hasStartLine, hasNodes };
}

/** Hot call sites of one weighting: edge ids in Go's order, and the threshold. */
export interface HotSelection {
  ids: number[];
  totalWeight: number;
  thresholdWeight: number;
  thresholdPercent: number;
  /** Edges with a non-zero weight. */
  edgeCount: number;
}

/**
 * The edges of a merge by name (caller, offset, callee) as Go keys them, over the inputs'
 * function edges; names carry guardHazards' renames. Weights are Float64Arrays over edge ids.
 */
export class EdgeTable {
  readonly caller: string[] = [];
  readonly callee: string[] = [];
  readonly offset: number[] = [];
  readonly keys: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Per input: global id of each of its function edges (-1 when it weighs nothing). */
  private readonly maps: Int32Array[] = [];
  private tieRank: Int32Array | null = null;

  constructor(
    private readonly indexes: InputIndex[],
    parts: InputEdges[],
    guarded: ReadonlySet<string>,
  ) {
    indexes.forEach((index, k) => {
      const map = new Int32Array(index.fnEdgeKey.length).fill(-1);
      const w = parts[k].fnEdge;
      const renamed = (fk: number) => fk >= 0 && guarded.size > 0 && guarded.has(index.functionKeys[fk]);
      const name = (fk: number) => (fk < 0 ? "" : renamed(fk) ? DO_NOT_INLINE_PREFIX + index.functionNames[fk] : index.functionNames[fk]);
      for (let e = 0; e < map.length; e++) {
        if (w[e] === 0) continue;
        const cf = index.fnEdgeCaller[e];
        const ce = index.fnEdgeCallee[e];
        const offset = index.fnEdgeOffset[e];
        const key = renamed(cf) || renamed(ce) ? edgeKey(name(cf), offset, name(ce)) : index.fnEdgeKey[e];
        let id = this.ids.get(key);
        if (id === undefined) {
          id = this.keys.length;
          this.keys.push(key);
          this.caller.push(name(cf));
          this.callee.push(name(ce));
          this.offset.push(offset);
          this.ids.set(key, id);
        }
        map[e] = id;
      }
      this.maps.push(map);
    });
  }

  get size(): number {
    return this.keys.length;
  }

  idOf(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** Summed weights of some inputs (by position). */
  weigh(parts: InputEdges[], which: number[]): Float64Array {
    const out = new Float64Array(this.keys.length);
    for (const k of which) {
      const map = this.maps[k];
      const w = parts[k].fnEdge;
      for (let e = 0; e < map.length; e++) if (map[e] >= 0) out[map[e]] += w[e];
    }
    return out;
  }

  /** Position of each edge in (caller, callee, offset) order: compareEdges' tie-break. */
  private ranks(): Int32Array {
    if (!this.tieRank) {
      const order = Array.from(this.keys.keys());
      const { caller, callee, offset } = this;
      order.sort((a, b) => {
        if (caller[a] !== caller[b]) return caller[a] < caller[b] ? -1 : 1;
        if (callee[a] !== callee[b]) return callee[a] < callee[b] ? -1 : 1;
        return offset[a] - offset[b];
      });
      this.tieRank = new Int32Array(order.length);
      order.forEach((id, r) => (this.tieRank![id] = r));
    }
    return this.tieRank;
  }

  /** Go's hotNodesFromCDF over one weighting (see lib/pprof/pgo-edges.ts hotEdges). */
  hot(weights: Float64Array, cdfPercent: number): HotSelection {
    const rank = this.ranks();
    const ids: number[] = [];
    let totalWeight = 0;
    for (let id = 0; id < weights.length; id++) {
      if (weights[id] === 0) continue;
      ids.push(id);
      totalWeight += weights[id];
    }
    ids.sort((a, b) => (weights[a] !== weights[b] ? weights[b] - weights[a] : rank[a] - rank[b]));
    const edgeCount = ids.length;
    let cum = 0;
    for (let i = 0; i < ids.length; i++) {
      cum += weights[ids[i]];
      if ((cum / totalWeight) * 100 > cdfPercent) {
        const thresholdWeight = weights[ids[i]];
        return { ids: ids.slice(0, i + 1), totalWeight, thresholdWeight, thresholdPercent: weightInPercentage(thresholdWeight, totalWeight), edgeCount };
      }
    }
    return { ids, totalWeight, thresholdWeight: 0, thresholdPercent: 0, edgeCount };
  }

  edge(id: number, weights: Float64Array): PgoEdge {
    return { caller: this.caller[id], callee: this.callee[id], offset: this.offset[id], weight: weights[id] };
  }

  /** A PgoEdgeMap as pgoEdgeMap returns it (for comparisons with a written file). */
  toEdgeMap(weights: Float64Array, meta: { sampleType: string; sampleIndex: number; missingStartLine: boolean; samples: number }): PgoEdgeMap {
    if (meta.samples === 0) {
      return { sampleType: "", sampleIndex: -1, totalWeight: 0, edges: new Map(), missingStartLine: false, empty: true };
    }
    const edges = new Map<string, PgoEdge>();
    let totalWeight = 0;
    for (let id = 0; id < weights.length; id++) {
      if (weights[id] === 0) continue;
      edges.set(this.keys[id], this.edge(id, weights));
      totalWeight += weights[id];
    }
    return {
      sampleType: meta.sampleType,
      sampleIndex: meta.sampleIndex,
      totalWeight,
      edges,
      missingStartLine: meta.missingStartLine,
      error: meta.missingStartLine ? PGO_MISSING_START_LINE : undefined,
      empty: totalWeight === 0 && !meta.missingStartLine,
    };
  }
}
