/**
 * Output of a merge (MergedSamples, the TableMerger): the profile as objects, or its encoding written
 * straight from the merger's typed arrays (no per-sample objects).
 */
import type { Numeric } from "./numbers";
import type { MergedHeader } from "./merge-headers";
import type { LabelSets } from "./merge-labels";
import { encodeProfile, varintSize, WireWriter, writeLabel } from "./merge-encode";
import type { ModelFunction, ModelLocation, ModelMapping, ModelSample, ModelStrings, ProfileModel } from "./profile-model";

/** A merge's result: header, string table, entities, and the samples in typed arrays. */
export interface MergedSamples {
  readonly header: MergedHeader;
  readonly table: ModelStrings;
  readonly labelSets: LabelSets;
  readonly entities: { mappings: ModelMapping[]; locations: ModelLocation[]; functions: ModelFunction[] };
  readonly nCols: number;
  readonly nSamples: number;
  /** Sample i: values[i * nCols ..], location ids (1-based) pool[locStart[i] .. + locLen[i]], label set labelSet[i]. */
  readonly values: Float64Array;
  readonly pool: Int32Array;
  readonly locStart: Int32Array;
  readonly locLen: Int32Array;
  readonly labelSet: Int32Array;
}


/** A signed int64 as number when safe, else its unsigned two's-complement bigint (what encoders expect). */
function canonSigned(v: bigint): Numeric {
  if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return BigInt.asUintN(64, v);
}

/** True when some merged sample summed to all zeros (pprof then re-merges to drop it). */
export function hasZeroSample(m: MergedSamples): boolean {
  const { nCols, values } = m;
  for (let i = 0; i < m.nSamples; i++) {
    let zero = true;
    for (let k = 0; k < nCols; k++) if (values[i * nCols + k] !== 0) zero = false;
    if (zero) return true;
  }
  return false;
}

/** Header, mappings, locations, functions and strings of the merge, with `sample` given. */
export function assemble(m: MergedSamples, sample: ModelSample[]): ProfileModel {
  const { header, table, entities } = m;
  const out = (s: string): number => table.dedup(s);
  const sampleType = header.sampleTypes.map((st) => ({ type: out(st.type), unit: out(st.unit) }));
  const pt = header.periodType;
  return {
    sampleType,
    sample,
    mapping: entities.mappings,
    location: entities.locations,
    function: entities.functions,
    stringTable: table,
    dropFrames: out(header.dropFrames),
    keepFrames: out(header.keepFrames),
    timeNanos: canonSigned(header.timeNanos),
    durationNanos: canonSigned(header.durationNanos),
    periodType: pt.type || pt.unit ? { type: out(pt.type), unit: out(pt.unit) } : undefined,
    period: canonSigned(header.period),
    comment: header.comments.map(out),
    defaultSampleType: out(header.defaultSampleType),
    docUrl: out(header.docUrl),
  };
}

/** The merged samples as objects. */
export function modelSamples(m: MergedSamples): ModelSample[] {
  const { nCols, values, pool, locStart, locLen, labelSet } = m;
  const sets = m.labelSets.sets;
  const samples = new Array<ModelSample>(m.nSamples);
  for (let i = 0; i < m.nSamples; i++) {
    const start = locStart[i];
    const n = locLen[i];
    const locationId = new Array<number>(n);
    for (let j = 0; j < n; j++) locationId[j] = pool[start + j];
    const value = new Array<number>(nCols);
    for (let k = 0; k < nCols; k++) value[k] = values[i * nCols + k];
    samples[i] = { locationId, value, label: sets[labelSet[i]] };
  }
  return samples;
}

/** Location id (1-based) of each merged sample's leaf, for samples with locations. */
export function* leafLocations(m: MergedSamples): Iterable<number> {
  const { pool, locStart, locLen } = m;
  for (let i = 0; i < m.nSamples; i++) if (locLen[i] > 0) yield pool[locStart[i]];
}

/** The merged samples as the PGO trim reads them (views into the typed arrays). */
export function sampleSource(m: MergedSamples): { count: number; locations(i: number): Int32Array; values(i: number): Float64Array } {
  const { pool, locStart, locLen, values, nCols } = m;
  return {
    count: m.nSamples,
    locations: (i) => pool.subarray(locStart[i], locStart[i] + locLen[i]),
    values: (i) => values.subarray(i * nCols, (i + 1) * nCols),
  };
}

/**
 * The merged profile encoded (uncompressed protobuf), samples written from typed arrays; `head`
 * is assemble(m, []) when the caller has already made (and perhaps changed) it.
 */
export function encodeMerged(m: MergedSamples, head: ProfileModel = assemble(m, [])): Uint8Array {
  const { nCols, values, pool, locStart, locLen, labelSet } = m;
  // Samples of one merged stack share its locations (same start in the pool), and label sets are
  // few: each is encoded once, then copied.
  const labelBytes = m.labelSets.sets.map((set) => {
    const w = new WireWriter(64);
    for (const l of set) writeLabel(w, l);
    return w.finish().slice();
  });
  const stackBytes = new Map<number, Uint8Array>();
  const locationsField = (start: number, n: number): Uint8Array => {
    let bytes = stackBytes.get(start);
    if (bytes === undefined) {
      const w = new WireWriter(16 + 10 * n);
      let a = 0;
      for (let j = 0; j < n; j++) a += varintSize(pool[start + j]);
      w.header(1, a);
      for (let j = 0; j < n; j++) w.varint(pool[start + j]);
      bytes = w.finish().slice();
      stackBytes.set(start, bytes);
    }
    return bytes;
  };
  const writeSamples = (w: WireWriter): void => {
    for (let i = 0; i < m.nSamples; i++) {
      const n = locLen[i];
      const locs = n > 0 ? locationsField(locStart[i], n) : undefined;
      let b = 0;
      for (let k = 0; k < nCols; k++) b += varintSize(values[i * nCols + k]);
      const labels = labelBytes[labelSet[i]];
      w.header(2, (locs ? locs.length : 0) + (nCols ? 1 + varintSize(b) + b : 0) + labels.length);
      if (locs) w.bytes(locs);
      if (nCols) {
        w.header(2, b);
        for (let k = 0; k < nCols; k++) w.varint(values[i * nCols + k]);
      }
      w.bytes(labels);
    }
  };
  let frames = 0;
  for (let i = 0; i < m.nSamples; i++) frames += locLen[i];
  const estimate = m.nSamples * (8 + nCols * 6) + frames * 3 + (1 << 20);
  return encodeProfile(head, writeSamples, estimate);
}
