/**
 * profile.Merge of google/pprof (profile/merge.go), the sample table, over the inputs' tables
 * (readProfileTable with entities): each sample is scaled, its stack mapped to merged locations
 * once per distinct input stack, and samples are keyed by (merged stack, label set) through an
 * open-addressing table over integers, numbered in order of first appearance. No object per sample.
 */
import { scaleSample, type InputPlan, type MergedHeader } from "./merge-headers";
import { InputEntities, MergedEntities } from "./merged-entities";
import { InputLabelCache, LabelScratch, LabelSets } from "./merge-labels";
import type { MergedSamples } from "./merge-output";
import type { FullProfileTable } from "./profile-table";
import { StringTable } from "./profile-model";
import { Int32List } from "./stack-table";

/** Distinct merged stacks (location ids, 1-based), numbered in order of first appearance. */
class StackInterner {
  readonly pool = new Int32List(1 << 16);
  readonly start = new Int32List(1 << 12);
  private readonly hash = new Int32List(1 << 12);
  private slots = new Int32Array(1 << 13);

  id(locs: Int32Array, n: number): number {
    let h = 0x811c9dc5;
    for (let j = 0; j < n; j++) h = Math.imul(h ^ locs[j], 0x01000193);
    h = Math.imul(h ^ n, 0x01000193) | 0;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    const pool = this.pool.data;
    for (let cand = this.slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.slots[slot]) {
      const id = cand - 1;
      if (this.hash.data[id] !== h) continue;
      const from = this.start.data[id];
      const to = id + 1 < this.start.length ? this.start.data[id + 1] : this.pool.length;
      if (to - from !== n) continue;
      let j = 0;
      while (j < n && pool[from + j] === locs[j]) j++;
      if (j === n) return id;
    }
    const id = this.start.length;
    this.start.push(this.pool.length);
    this.hash.push(h);
    for (let j = 0; j < n; j++) this.pool.push(locs[j]);
    this.slots[slot] = id + 1;
    if (this.start.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let k = 0; k < this.start.length; k++) {
        let at = this.hash.data[k] & mask;
        while (this.slots[at] !== 0) at = (at + 1) & mask;
        this.slots[at] = k + 1;
      }
    }
    return id;
  }

  length(id: number): number {
    return (id + 1 < this.start.length ? this.start.data[id + 1] : this.pool.length) - this.start.data[id];
  }
}

function grownF64(a: Float64Array, need: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Merges input tables sample by sample; merge-output encodes the result. */
export class TableMerger implements MergedSamples {
  readonly table = new StringTable();
  readonly labelSets = new LabelSets(this.table);
  readonly entities = new MergedEntities();
  private readonly stacks = new StackInterner();
  readonly nCols: number;
  nSamples = 0;
  values: Float64Array;
  private readonly sampleStack = new Int32List(1 << 12);
  private readonly sampleLabels = new Int32List(1 << 12);
  private slots = new Int32Array(1 << 13);
  private readonly scratch: Float64Array;
  private raw = new Float64Array(8);
  private locs = new Int32Array(256);
  private readonly labels = new LabelScratch();

  constructor(
    readonly header: MergedHeader,
    private readonly dropLabels: boolean,
  ) {
    this.nCols = header.sampleTypes.length;
    this.values = new Float64Array(1024 * Math.max(1, this.nCols));
    this.scratch = new Float64Array(this.nCols);
  }

  /** Adds one input's samples, in order (pprof's per-source loop). */
  add(plan: InputPlan, input: FullProfileTable): void {
    const e = input.entities;
    const ctx = new InputEntities(e, this.table);
    this.entities.begin(ctx);
    const labelCache = new InputLabelCache(this.labelSets, e.strings);
    const { stack: sampleStack, values, labelStart, labels } = e.samples;
    const nOrig = plan.nOrigCols;
    if (this.raw.length < nOrig) this.raw = new Float64Array(nOrig);
    const merged = new Int32Array(input.stacks.stackCount).fill(-1);
    for (let i = 0; i < e.samples.count; i++) {
      for (let k = 0; k < nOrig; k++) this.raw[k] = values[i * nOrig + k];
      if (!scaleSample(plan, this.raw, this.scratch)) continue;
      const s = sampleStack[i];
      if (merged[s] < 0) merged[s] = this.mapStack(ctx, input, s);
      let ls = 0;
      if (!this.dropLabels && labelStart[i + 1] > labelStart[i]) {
        const sc = this.labels;
        sc.n = 0;
        for (let k = labelStart[i]; k < labelStart[i + 1]; k += 4) sc.push(labels[k], labels[k + 1], labels[k + 2], labels[k + 3]);
        ls = labelCache.idOf(sc);
      }
      this.addSample(merged[s], ls);
    }
  }

  /** The merged stack of input stack `s` (its locations mapped in order: pprof's numbering). */
  private mapStack(ctx: InputEntities, input: FullProfileTable, s: number): number {
    const { stackStart, stackLocs } = input.stacks;
    const from = stackStart[s];
    const n = stackStart[s + 1] - from;
    if (n > this.locs.length) this.locs = new Int32Array(n * 2);
    for (let j = 0; j < n; j++) this.locs[j] = this.entities.mapLocation(ctx, stackLocs[from + j]) + 1;
    return this.stacks.id(this.locs, n);
  }

  private addSample(stack: number, ls: number): void {
    const { nCols, scratch } = this;
    let h = Math.imul(stack ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(ls + 1, 0xc2b2ae35);
    h ^= h >>> 15;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    const st = this.sampleStack.data;
    const sl = this.sampleLabels.data;
    for (let cand = this.slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.slots[slot]) {
      const idx = cand - 1;
      if (st[idx] !== stack || sl[idx] !== ls) continue;
      const base = idx * nCols;
      for (let i = 0; i < nCols; i++) this.values[base + i] += scratch[i];
      return;
    }
    const idx = this.nSamples++;
    this.sampleStack.push(stack);
    this.sampleLabels.push(ls);
    if ((idx + 1) * nCols > this.values.length) this.values = grownF64(this.values, (idx + 1) * nCols);
    this.values.set(scratch, idx * nCols);
    this.slots[slot] = idx + 1;
    if (this.nSamples * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let k = 0; k < this.nSamples; k++) {
        let hh = Math.imul(this.sampleStack.data[k] ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(this.sampleLabels.data[k] + 1, 0xc2b2ae35);
        hh ^= hh >>> 15;
        let at = hh & mask;
        while (this.slots[at] !== 0) at = (at + 1) & mask;
        this.slots[at] = k + 1;
      }
    }
  }

  get pool(): Int32Array {
    return this.stacks.pool.data;
  }
  get labelSet(): Int32Array {
    return this.sampleLabels.data;
  }
  /** Where each merged sample's locations start in `pool`, and how many (made once the merge is done). */
  get locStart(): Int32Array {
    return this.locations().start;
  }
  get locLen(): Int32Array {
    return this.locations().length;
  }

  private located: { n: number; start: Int32Array; length: Int32Array } | undefined;

  private locations(): { start: Int32Array; length: Int32Array } {
    if (this.located?.n === this.nSamples) return this.located;
    const start = new Int32Array(this.nSamples);
    const length = new Int32Array(this.nSamples);
    for (let i = 0; i < this.nSamples; i++) {
      const st = this.sampleStack.data[i];
      start[i] = this.stacks.start.data[st];
      length[i] = this.stacks.length(st);
    }
    this.located = { n: this.nSamples, start, length };
    return this.located;
  }
}
