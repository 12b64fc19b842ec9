/**
 * profile.Merge of google/pprof (profile/merge.go): the sample table. Samples are keyed by
 * merged location ids + label set through an open-addressing hash table over integer data
 * (no per-sample key strings or objects) and numbered in order of first appearance. Inputs
 * arrive as decoded pprof-format samples or still encoded (merge-wire).
 */
import type { Sample, StringTable } from "pprof-format";
import { StringTable as Table } from "pprof-format";
import { MergeError } from "./merge-errors";
import type { InputPlan, MergedHeader } from "./merge-headers";
import { int64 } from "./merge-int";
import { EntityTables, InputContext } from "./merge-entities";
import { LabelScratch, LabelSets } from "./merge-labels";
import { goRound } from "./merge-units";
import { WireReader, type WireProfile } from "./merge-wire";

/** Grow typed arrays to hold at least `need` elements (at least doubling). */
function growI32(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

function growF64(a: Float64Array, need = 0): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Merges inputs sample by sample; merge-output turns it into a Profile or bytes. */
export class ProfileMerger {
  readonly table: StringTable = new Table();
  readonly labelSets = new LabelSets(this.table);
  readonly entities = new EntityTables();

  // Merged samples: sample i has locLen[i] location ids (1-based) at pool[locStart[i]...],
  // label set labelSet[i] and values values[i * nCols ...].
  readonly nCols: number;
  nSamples = 0;
  values: Float64Array;
  locStart = new Int32Array(1024);
  locLen = new Int32Array(1024);
  labelSet = new Int32Array(1024);
  pool = new Int32Array(1 << 16);
  private poolLen = 0;
  private slots = new Int32Array(1 << 13);

  // The sample being merged, in its input's terms.
  private rawVals: Float64Array = new Float64Array(8);
  private rawLocs: Float64Array = new Float64Array(256);
  private readonly labels = new LabelScratch();
  private locs = new Int32Array(256);
  private readonly scratch: Float64Array;

  constructor(
    readonly header: MergedHeader,
    private readonly dropLabels: boolean,
  ) {
    this.nCols = header.sampleTypes.length;
    this.values = new Float64Array(1024 * Math.max(1, this.nCols));
    this.scratch = new Float64Array(this.nCols);
  }

  private begin(plan: InputPlan): InputContext {
    const ctx = new InputContext(plan, this.table, this.labelSets);
    this.entities.begin(ctx);
    if (this.rawVals.length < plan.nOrigCols) this.rawVals = new Float64Array(plan.nOrigCols);
    return ctx;
  }

  private mismatch(got: number, want: number): MergeError {
    return new MergeError("malformed", `malformed profile: mismatch: sample has ${got} values vs. ${want} types`);
  }

  /** Adds one decoded input (pprof's per-source loop). */
  addSamples(plan: InputPlan, samples: Sample[]): void {
    const ctx = this.begin(plan);
    const nOrig = plan.nOrigCols;
    const { labels, dropLabels } = this;
    for (const s of samples) {
      const vals = s.value;
      if (vals.length !== nOrig) throw this.mismatch(vals.length, nOrig);
      const ids = s.locationId;
      // Samples without locations are kept: Go 1.26's pprof does (its FilterSamplesByName returns
      // early without focus or ignore options); Go 1.19's dropped them.
      const n = ids.length;
      const rv = this.rawVals;
      for (let k = 0; k < nOrig; k++) {
        const v = vals[k];
        rv[k] = typeof v === "number" ? v : int64(v);
      }
      if (n > this.rawLocs.length) this.rawLocs = new Float64Array(n * 2);
      const rl = this.rawLocs;
      for (let j = 0; j < n; j++) {
        const id = ids[j];
        rl[j] = typeof id === "number" ? id : Number(id);
      }
      labels.n = 0;
      if (!dropLabels) for (const l of s.label) labels.push(int64(l.key), int64(l.str), int64(l.num), int64(l.numUnit));
      this.consume(ctx, n);
    }
  }

  /** Adds one input whose samples are still encoded (see merge-wire). */
  addWire(plan: InputPlan, wp: WireProfile): void {
    const ctx = this.begin(plan);
    const nOrig = plan.nOrigCols;
    const { labels, dropLabels } = this;
    const r = new WireReader(wp.buf);
    const ranges = wp.sampleRanges;
    for (let i = 0; i < wp.nSamples; i++) {
      r.pos = ranges[2 * i];
      const end = ranges[2 * i + 1];
      let nv = 0;
      let n = 0;
      labels.n = 0;
      while (r.pos < end) {
        const key = r.uvarint();
        const f = key >>> 3;
        const wt = key & 7;
        if (f === 1 && (wt === 0 || wt === 2)) {
          // Packed (wire type 2) or one unpacked element (Go writes arrays of <= 2 unpacked).
          const e = wt === 2 ? r.uvarint() + r.pos : -1;
          while (wt === 0 || r.pos < e) {
            if (n === this.rawLocs.length) this.rawLocs = growF64(this.rawLocs);
            this.rawLocs[n++] = r.uvarint();
            if (wt === 0) break;
          }
        } else if (f === 2 && (wt === 0 || wt === 2)) {
          const e = wt === 2 ? r.uvarint() + r.pos : -1;
          while (wt === 0 || r.pos < e) {
            if (nv === this.rawVals.length) this.rawVals = growF64(this.rawVals);
            this.rawVals[nv++] = r.int64();
            if (wt === 0) break;
          }
        } else if (f === 3 && wt === 2) {
          const e = r.uvarint() + r.pos;
          let lk = 0;
          let ls = 0;
          let ln = 0;
          let lu = 0;
          while (r.pos < e) {
            const k2 = r.uvarint();
            const f2 = k2 >>> 3;
            if ((k2 & 7) !== 0) r.skip(k2 & 7);
            else if (f2 === 1) lk = r.uvarint();
            else if (f2 === 2) ls = r.uvarint();
            else if (f2 === 3) ln = r.int64();
            else if (f2 === 4) lu = r.uvarint();
            else r.uvarint();
          }
          if (!dropLabels) labels.push(lk, ls, ln, lu);
        } else {
          r.skip(wt);
        }
      }
      if (nv !== nOrig) throw this.mismatch(nv, nOrig);
      this.consume(ctx, n);
    }
  }

  /** Scale, filter and key the sample held in rawVals / rawLocs / labels. */
  private consume(ctx: InputContext, n: number): void {
    const { nCols, scratch, rawVals } = this;
    const { colMap, ratios, weight, nOrigCols, scaleUnits } = ctx.plan;
    if (weight !== 1) {
      let keep = false;
      for (let k = 0; k < nOrigCols; k++) {
        const x = goRound(rawVals[k] * weight);
        rawVals[k] = x;
        if (x !== 0) keep = true;
      }
      if (!keep) return;
    }
    for (let i = 0; i < nCols; i++) scratch[i] = rawVals[colMap[i]];
    if (scaleUnits) {
      let keep = false;
      for (let i = 0; i < nCols; i++) {
        if (ratios[i] === 1) continue;
        const x = goRound(scratch[i] * ratios[i]);
        scratch[i] = x;
        if (x !== 0) keep = true;
      }
      if (!keep) return;
    }
    let nonZero = false;
    for (let i = 0; i < nCols; i++) if (scratch[i] !== 0) nonZero = true;
    if (!nonZero) return;

    if (n > this.locs.length) this.locs = new Int32Array(n * 2);
    const { locs, rawLocs } = this;
    const dense = ctx.locDense;
    let h = 0x811c9dc5;
    for (let j = 0; j < n; j++) {
      const idn = rawLocs[j];
      let m = idn < dense.length ? dense[idn] : (ctx.locMemo.get(idn) ?? 0);
      if (m === 0) m = this.entities.mapLocation(ctx, idn) + 1;
      locs[j] = m;
      h = Math.imul(h ^ m, 0x01000193);
    }
    const ls = this.labels.n === 0 ? 0 : ctx.labels.idOf(this.labels);
    h = Math.imul(h ^ ls, 0x9e3779b1);
    h ^= h >>> 15;
    this.addSample(locs, n, ls, h, scratch);
  }

  private addSample(locs: Int32Array, n: number, ls: number, h: number, vals: Float64Array): void {
    const { nCols } = this;
    // slots holds (hash, sample index + 1) pairs so most probes stay in one cache line.
    let slots = this.slots;
    let mask = (slots.length >> 1) - 1;
    let slot = h & mask;
    for (;;) {
      const cand = slots[2 * slot + 1];
      if (cand === 0) break;
      if (slots[2 * slot] === h) {
        const idx = cand - 1;
        if (this.locLen[idx] === n && this.labelSet[idx] === ls) {
          const start = this.locStart[idx];
          const pool = this.pool;
          let j = 0;
          while (j < n && pool[start + j] === locs[j]) j++;
          if (j === n) {
            const base = idx * nCols;
            for (let i = 0; i < nCols; i++) this.values[base + i] += vals[i];
            return;
          }
        }
      }
      slot = (slot + 1) & mask;
    }
    const idx = this.nSamples++;
    if (idx >= this.locStart.length) {
      const cap = this.locStart.length * 2;
      this.locStart = growI32(this.locStart, cap);
      this.locLen = growI32(this.locLen, cap);
      this.labelSet = growI32(this.labelSet, cap);
    }
    if ((idx + 1) * nCols > this.values.length) this.values = growF64(this.values, (idx + 1) * nCols);
    if (this.poolLen + n > this.pool.length) this.pool = growI32(this.pool, this.poolLen + n);
    this.pool.set(locs.subarray(0, n), this.poolLen);
    this.locStart[idx] = this.poolLen;
    this.locLen[idx] = n;
    this.poolLen += n;
    this.labelSet[idx] = ls;
    this.values.set(vals, idx * nCols);
    slots[2 * slot] = h;
    slots[2 * slot + 1] = idx + 1;
    if (this.nSamples * 2 > mask + 1) {
      const old = slots;
      slots = this.slots = new Int32Array(old.length * 2);
      mask = (slots.length >> 1) - 1;
      for (let k = 0; k < old.length; k += 2) {
        if (old[k + 1] === 0) continue;
        let sl = old[k] & mask;
        while (slots[2 * sl + 1] !== 0) sl = (sl + 1) & mask;
        slots[2 * sl] = old[k];
        slots[2 * sl + 1] = old[k + 1];
      }
    }
  }
}
