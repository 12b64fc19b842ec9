/**
 * The samples of a profile grouped by distinct stack (the same location list, leaf first), with
 * their values summed per stack and sample type, in typed arrays; and the StackIndex over them.
 * Filled by the profile reader (profile-table.ts) one sample at a time.
 */

/** Per-sample-type aggregates over the distinct stacks. */
export interface StackValues {
  /** Sum of the sample values of each distinct stack. */
  readonly values: Float64Array;
  /** Sum of all sample values. */
  readonly total: number;
  /** Sum of the absolute sample values (pprof's total for percentages). */
  readonly absTotal: number;
}

/**
 * What topTable and flameTree aggregate over: frames are integer name ids,
 * samples with identical location lists share one stack. Built from the bytes
 * (profile-table.ts), or from a decoded Profile (testing/pprof/decoded-index.ts, the tests' oracle).
 */
export interface StackIndex {
  /** Frame name by name id. */
  readonly names: string[];
  /** Frames of dense location i are frames[frameStart[i] .. frameStart[i+1]), innermost first (line order). */
  readonly frameStart: Int32Array;
  readonly frames: Int32Array;
  /** Locations of stack s are stackLocs[stackStart[s] .. stackStart[s+1]), leaf first (sample order). */
  readonly stackStart: Int32Array;
  readonly stackLocs: Int32Array;
  readonly stackCount: number;
  /** Number of sample types (valid arguments of stackValues are 0 .. sampleTypeCount-1). */
  readonly sampleTypeCount: number;
  /** Values summed per stack for one sample type (cached). */
  stackValues(sampleTypeIndex: number): StackValues;
  /** Names in sorted order: rank[nameId] and byRank[rank] (cached). */
  nameOrder(): { rank: Int32Array; byRank: Int32Array };
}

/** Names sorted by code unit (like Go's string comparison for the usual ASCII names). */
export function sortedNameOrder(names: readonly string[]): { rank: Int32Array; byRank: Int32Array } {
  const byRank = Int32Array.from(names.keys());
  byRank.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < byRank.length; r++) rank[byRank[r]] = r;
  return { rank, byRank };
}

/** A growable Int32Array. */
export class Int32List {
  data: Int32Array;
  length = 0;
  constructor(capacity = 16) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }
  grow(min: number): void {
    const next = new Int32Array(Math.max(min, this.data.length * 2));
    next.set(this.data.subarray(0, this.length));
    this.data = next;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** Names by id, each name once. */
export class NameTable {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }
}

export interface Stacks {
  /** Locations of stack s are stackLocs[stackStart[s] .. stackStart[s+1]), leaf first. */
  stackStart: Int32Array;
  stackLocs: Int32Array;
  stackCount: number;
  /** values[stack * sampleTypeCount + t]. */
  values: Float64Array;
  totals: Float64Array;
  absTotals: Float64Array;
}

/** Groups samples by stack: open addressing over stack ids (+1; 0 is empty), grown at half load. */
export class StackTableBuilder {
  private readonly stackLocs = new Int32List(1 << 16);
  private readonly stackStart = new Int32List(1 << 12);
  private readonly stackHash = new Int32List(1 << 12);
  private table = new Int32Array(1 << 12);
  private values: Float64Array;
  private count = 0;
  readonly totals: Float64Array;
  readonly absTotals: Float64Array;

  constructor(private readonly nTypes: number) {
    this.values = new Float64Array(1024 * Math.max(1, nTypes));
    this.totals = new Float64Array(nTypes);
    this.absTotals = new Float64Array(nTypes);
  }

  /** Adds one sample: its dense location indexes `locs[0..depth)` and its `sampleValues`; returns its stack. */
  add(locs: Int32Array, depth: number, sampleValues: Float64Array): number {
    let hash = 0x811c9dc5;
    for (let k = 0; k < depth; k++) hash = Math.imul(hash ^ locs[k], 0x01000193);
    hash = Math.imul(hash ^ depth, 0x01000193) | 0;
    const stack = this.find(locs, depth, hash);
    const nTypes = this.nTypes;
    const base = stack * nTypes;
    for (let t = 0; t < nTypes; t++) {
      const v = sampleValues[t];
      this.values[base + t] += v;
      this.totals[t] += v;
      this.absTotals[t] += v < 0 ? -v : v;
    }
    return stack;
  }

  /** The id of the stack `locs[0..depth)`, added when new. */
  private find(locs: Int32Array, depth: number, hash: number): number {
    const mask = this.table.length - 1;
    const starts = this.stackStart.data;
    const all = this.stackLocs.data;
    let slot = hash & mask;
    for (let cand = this.table[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.table[slot]) {
      const st = cand - 1;
      if (this.stackHash.data[st] !== hash) continue;
      const start = starts[st];
      const stop = st + 1 < this.count ? starts[st + 1] : this.stackLocs.length;
      if (stop - start !== depth) continue;
      let k = 0;
      while (k < depth && all[start + k] === locs[k]) k++;
      if (k === depth) return st;
    }
    const st = this.count++;
    this.table[slot] = st + 1;
    this.stackStart.push(this.stackLocs.length);
    this.stackHash.push(hash);
    if (this.stackLocs.length + depth > this.stackLocs.data.length) this.stackLocs.grow(this.stackLocs.length + depth);
    this.stackLocs.data.set(locs.subarray(0, depth), this.stackLocs.length);
    this.stackLocs.length += depth;
    if (this.count * this.nTypes > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    if (this.count * 2 > this.table.length) this.rehash();
    return st;
  }

  private rehash(): void {
    this.table = new Int32Array(this.table.length * 2);
    const mask = this.table.length - 1;
    for (let st = 0; st < this.count; st++) {
      let at = this.stackHash.data[st] & mask;
      while (this.table[at] !== 0) at = (at + 1) & mask;
      this.table[at] = st + 1;
    }
  }

  finish(): Stacks {
    const stackStart = new Int32Array(this.count + 1);
    stackStart.set(this.stackStart.data.subarray(0, this.count));
    stackStart[this.count] = this.stackLocs.length;
    return {
      stackStart,
      stackLocs: this.stackLocs.finish(),
      stackCount: this.count,
      values: this.values.slice(0, this.count * this.nTypes),
      totals: this.totals,
      absTotals: this.absTotals,
    };
  }
}

/** The StackIndex over a profile's frames and stacks; per-type values and the name order are made on first use. */
export function stackIndex(names: string[], frameStart: Int32Array, frames: Int32Array, stacks: Stacks, nTypes: number): StackIndex {
  const cache = new Map<number, StackValues>();
  let order: { rank: Int32Array; byRank: Int32Array } | undefined;
  return {
    names,
    frameStart,
    frames,
    stackStart: stacks.stackStart,
    stackLocs: stacks.stackLocs,
    stackCount: stacks.stackCount,
    sampleTypeCount: nTypes,
    stackValues(t: number): StackValues {
      if (!Number.isInteger(t) || t < 0 || t >= nTypes) throw new RangeError(`no sample type #${t}`);
      let cached = cache.get(t);
      if (cached === undefined) {
        const values = new Float64Array(stacks.stackCount);
        for (let s = 0; s < stacks.stackCount; s++) values[s] = stacks.values[s * nTypes + t];
        cached = { values, total: stacks.totals[t], absTotal: stacks.absTotals[t] };
        cache.set(t, cached);
      }
      return cached;
    },
    nameOrder() {
      order ??= sortedNameOrder(names);
      return order;
    },
  };
}
