/**
 * The samples' label sets and the groups of samples by stack and label set, filled by the profile
 * reader (profile-table.ts) as it reads the samples: a label set is interned by its bytes and
 * parsed the first time it is met; only labelled samples are kept here, the rest of each stack
 * (its unlabelled samples) is what the stack's sum leaves.
 */
import type { LabelSet, SampleGroups } from "./profile-detail";
import type { Stacks } from "./stack-table";
import { Reader, Truncated } from "./wire-reader";

/** Label sets by id (0: none), interned by the bytes of their Label messages. */
export class LabelSetTable {
  readonly sets: LabelSet[] = [{ str: [], num: [] }];
  /** Set ids by the hash of their bytes, and the byte ranges each was first read from. */
  private readonly byHash = new Map<number, number[]>();
  private readonly rangesOf: number[][] = [[]];
  /** The set met last (runs of samples often share their labels). */
  private lastId = 0;
  private readonly units = new Map<string, string>();
  private readonly numericKeys = new Set<string>();

  constructor(
    private readonly buf: Uint8Array,
    private readonly str: (index: number) => string,
  ) {}

  /** The id of the set of Label messages whose bodies are at ranges[0], ranges[1], ... ranges[n-1]. */
  id(ranges: number[], n: number): number {
    if (n === 0) return 0;
    if (this.lastId > 0 && this.sameBytes(this.rangesOf[this.lastId], ranges, n)) return this.lastId;
    const buf = this.buf;
    let hash = 0x811c9dc5;
    for (let k = 0; k < n; k += 2) {
      for (let i = ranges[k]; i < ranges[k + 1]; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
      hash = Math.imul(hash ^ 0x100, 0x01000193);
    }
    // 30 bits: a small integer key, which a Map hashes fastest.
    hash &= 0x3fffffff;
    let ids = this.byHash.get(hash);
    if (ids) {
      for (const id of ids) {
        if (!this.sameBytes(this.rangesOf[id], ranges, n)) continue;
        this.lastId = id;
        return id;
      }
    }
    const id = this.sets.length;
    this.sets.push(this.parse(ranges, n));
    this.rangesOf.push(ranges.slice(0, n));
    if (!ids) this.byHash.set(hash, (ids = []));
    ids.push(id);
    this.lastId = id;
    return id;
  }

  private sameBytes(known: number[], ranges: number[], n: number): boolean {
    if (known.length !== n) return false;
    const buf = this.buf;
    for (let k = 0; k < n; k += 2) {
      const length = known[k + 1] - known[k];
      if (ranges[k + 1] - ranges[k] !== length) return false;
      for (let i = 0; i < length; i++) if (buf[known[k] + i] !== buf[ranges[k] + i]) return false;
    }
    return true;
  }

  private parse(ranges: number[], n: number): LabelSet {
    const set: LabelSet = { str: [], num: [] };
    const r = new Reader(this.buf);
    for (let k = 0; k < n; k += 2) {
      let key = 0;
      let str = 0;
      let num = 0;
      let unit = 0;
      r.pos = ranges[k];
      while (r.pos < ranges[k + 1]) {
        const tag = r.uint();
        const field = tag >>> 3;
        if (field === 1) key = r.uint();
        else if (field === 2) str = r.uint();
        else if (field === 3) num = r.int64();
        else if (field === 4) unit = r.uint();
        else r.skip(tag & 7);
      }
      if (r.pos !== ranges[k + 1]) throw new Truncated();
      if (str !== 0) set.str.push([this.str(key), this.str(str)]);
      else {
        this.noteNumeric(this.str(key), this.str(unit));
        set.num.push([this.str(key), num, this.str(unit)]);
      }
    }
    return set;
  }

  private noteNumeric(key: string, unit: string): void {
    this.numericKeys.add(key);
    if (unit !== "" && !this.units.has(key)) this.units.set(key, unit);
  }

  /** pprof's NumLabelUnits: the first unit given, else bytes for alignment and request, else the key. */
  numLabelUnits(): Map<string, string> {
    for (const key of this.numericKeys) {
      if (!this.units.has(key)) this.units.set(key, key === "alignment" || key === "request" ? "bytes" : key);
    }
    return this.units;
  }
}

/**
 * The labelled samples, each with its stack and label set. Samples with the same stack and labels
 * are not merged: every report over the groups sums them (a Go runtime writes each such pair once).
 */
export class SampleGroupsBuilder {
  private count = 0;
  private stackOf = new Int32Array(1024);
  private labelSetOf = new Int32Array(1024);
  private values: Float64Array;

  constructor(private readonly nTypes: number) {
    this.values = new Float64Array(1024 * Math.max(1, nTypes));
  }

  add(stack: number, labelSet: number, values: Float64Array): void {
    if (labelSet === 0) return;
    const g = this.count++;
    if (g === this.stackOf.length) this.grow();
    this.stackOf[g] = stack;
    this.labelSetOf[g] = labelSet;
    for (let t = 0, base = g * this.nTypes; t < this.nTypes; t++) this.values[base + t] = values[t];
  }

  private grow(): void {
    const n = this.stackOf.length * 2;
    const stackOf = new Int32Array(n);
    stackOf.set(this.stackOf);
    this.stackOf = stackOf;
    const labelSetOf = new Int32Array(n);
    labelSetOf.set(this.labelSetOf);
    this.labelSetOf = labelSetOf;
    const values = new Float64Array(n * Math.max(1, this.nTypes));
    values.set(this.values);
    this.values = values;
  }

  /** The groups: each stack's unlabelled rest (unless it is all labelled and nothing is left), then the labelled ones. */
  finish(stacks: Stacks): SampleGroups {
    const n = this.nTypes;
    const labelled = this.count;
    const stackOf = this.stackOf;
    if (labelled === 0) {
      return { count: stacks.stackCount, stack: Int32Array.from({ length: stacks.stackCount }, (_, i) => i), labelSet: new Int32Array(stacks.stackCount), values: stacks.values };
    }
    const rest = stacks.values.slice();
    const hasLabelled = new Uint8Array(stacks.stackCount);
    for (let g = 0; g < labelled; g++) {
      const st = stackOf[g];
      hasLabelled[st] = 1;
      for (let t = 0; t < n; t++) rest[st * n + t] -= this.values[g * n + t];
    }
    const restOf: number[] = [];
    for (let st = 0; st < stacks.stackCount; st++) {
      let any = !hasLabelled[st];
      for (let t = 0; t < n && !any; t++) if (rest[st * n + t] !== 0) any = true;
      if (any) restOf.push(st);
    }
    const count = restOf.length + labelled;
    const values = new Float64Array(count * n);
    restOf.forEach((st, g) => values.set(rest.subarray(st * n, st * n + n), g * n));
    values.set(this.values.subarray(0, labelled * n), restOf.length * n);
    const labelSet = new Int32Array(count);
    labelSet.set(this.labelSetOf.subarray(0, labelled), restOf.length);
    const stack = new Int32Array(count);
    stack.set(restOf);
    stack.set(stackOf.subarray(0, labelled), restOf.length);
    return { count, stack, labelSet, values };
  }
}
