import type { Profile } from "pprof-format";
import { buildIdLookup } from "./id-lookup";
import { toNumber, type Numeric } from "./numbers";

/** Sample values are int64: pprof-format returns negative ones as unsigned bigints. */
export function toInt64Number(value: Numeric | undefined): number {
  if (typeof value === "number") return value;
  if (value === undefined) return 0;
  return Number(BigInt.asIntN(64, value));
}

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
 * samples with identical location lists share one stack. Built from a decoded
 * Profile (indexProfile) or straight from the bytes (compact-index.ts).
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

/** A StackIndex of a decoded Profile, which also knows each sample's stack. */
export interface ProfileIndex extends StackIndex {
  /** Stack id of each sample. */
  readonly sampleStack: Int32Array;
}

/** Names sorted by code unit (like Go's string comparison for the usual ASCII names). */
export function sortedNameOrder(names: readonly string[]): { rank: Int32Array; byRank: Int32Array } {
  const byRank = Int32Array.from(names.keys());
  byRank.sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  for (let r = 0; r < byRank.length; r++) rank[byRank[r]] = r;
  return { rank, byRank };
}

const UNKNOWN_FUNCTION = "<unknown>";

class Int32Builder {
  data: Int32Array;
  length = 0;
  constructor(capacity: number) {
    this.data = new Int32Array(Math.max(16, capacity));
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

function buildFrames(p: Profile) {
  const strings = p.stringTable.strings;
  const nameIds = new Map<string, number>();
  const names: string[] = [];
  const nameId = (name: string): number => {
    let id = nameIds.get(name);
    if (id === undefined) {
      id = names.length;
      names.push(name);
      nameIds.set(name, id);
    }
    return id;
  };

  const functionIds = buildIdLookup(p.function.map((f) => f.id));
  const functionNameId = new Int32Array(p.function.length);
  for (let i = 0; i < p.function.length; i++) {
    const fn = p.function[i];
    const name = strings[toNumber(fn.name)] || strings[toNumber(fn.systemName)] || UNKNOWN_FUNCTION;
    functionNameId[i] = nameId(name);
  }

  const nLoc = p.location.length;
  // One extra pseudo-location stands for ids that no location has.
  const frameStart = new Int32Array(nLoc + 2);
  const frames = new Int32Builder(nLoc * 2 + 1);
  for (let i = 0; i < nLoc; i++) {
    const loc = p.location[i];
    frameStart[i] = frames.length;
    if (loc.line.length === 0) {
      frames.push(nameId(`0x${BigInt(loc.address).toString(16)}`));
      continue;
    }
    for (const line of loc.line) {
      const fi = functionIds.get(toNumber(line.functionId));
      frames.push(fi >= 0 ? functionNameId[fi] : nameId(UNKNOWN_FUNCTION));
    }
  }
  frameStart[nLoc] = frames.length;
  frames.push(nameId("<unknown location>"));
  frameStart[nLoc + 1] = frames.length;
  return { names, frameStart, frames: frames.finish() };
}

function buildStacks(p: Profile) {
  const nLoc = p.location.length;
  const locationIds = buildIdLookup(p.location.map((l) => l.id));
  const samples = p.sample;
  const nSamples = samples.length;
  const sampleStack = new Int32Array(nSamples);
  const stackLocs = new Int32Builder(nSamples * 4);
  const stackStart = new Int32Builder(nSamples + 1);
  const bucketNext = new Int32Builder(1024); // next stack with the same hash, or -1
  const buckets = new Map<number, number>(); // hash -> first stack id
  let scratch = new Int32Array(256);
  let stackCount = 0;

  for (let s = 0; s < nSamples; s++) {
    const ids = samples[s].locationId;
    const depth = ids.length;
    if (depth > scratch.length) scratch = new Int32Array(depth * 2);
    let hash = 0x811c9dc5 ^ depth;
    for (let k = 0; k < depth; k++) {
      const raw = ids[k];
      let dense = locationIds.get(typeof raw === "number" ? raw : toNumber(raw));
      if (dense < 0) dense = nLoc;
      scratch[k] = dense;
      hash = Math.imul(hash ^ dense, 0x01000193);
    }
    let found = -1;
    for (let cand = buckets.get(hash) ?? -1; cand >= 0; cand = bucketNext.data[cand]) {
      const start = stackStart.data[cand];
      const end = cand + 1 < stackCount ? stackStart.data[cand + 1] : stackLocs.length;
      if (end - start !== depth) continue;
      let same = true;
      for (let k = 0; k < depth; k++) {
        if (stackLocs.data[start + k] !== scratch[k]) {
          same = false;
          break;
        }
      }
      if (same) {
        found = cand;
        break;
      }
    }
    if (found < 0) {
      found = stackCount++;
      stackStart.push(stackLocs.length);
      for (let k = 0; k < depth; k++) stackLocs.push(scratch[k]);
      bucketNext.push(buckets.get(hash) ?? -1);
      buckets.set(hash, found);
    }
    sampleStack[s] = found;
  }
  stackStart.push(stackLocs.length);
  return { stackStart: stackStart.finish(), stackLocs: stackLocs.finish(), stackCount, sampleStack };
}

function build(p: Profile): ProfileIndex {
  const { names, frameStart, frames } = buildFrames(p);
  const { stackStart, stackLocs, stackCount, sampleStack } = buildStacks(p);
  const cache = new Map<number, StackValues>();
  let order: { rank: Int32Array; byRank: Int32Array } | undefined;
  return {
    names,
    frameStart,
    frames,
    stackStart,
    stackLocs,
    stackCount,
    sampleTypeCount: p.sampleType.length,
    sampleStack,
    stackValues(t: number): StackValues {
      let cached = cache.get(t);
      if (cached === undefined) {
        const values = new Float64Array(stackCount);
        let total = 0;
        let absTotal = 0;
        const samples = p.sample;
        for (let s = 0; s < samples.length; s++) {
          const v = toInt64Number(samples[s].value[t]);
          values[sampleStack[s]] += v;
          total += v;
          absTotal += v < 0 ? -v : v;
        }
        cached = { values, total, absTotal };
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

interface CacheEntry {
  index: ProfileIndex;
  samples: number;
  locations: number;
  functions: number;
}

const indexCache = new WeakMap<Profile, CacheEntry>();

/**
 * Builds (once per profile object) the integer-keyed view used by topTable and
 * flameTree. Profiles are treated as immutable: the cache is only rebuilt when
 * the number of samples, locations or functions changes.
 */
export function indexProfile(p: Profile): ProfileIndex {
  const entry = indexCache.get(p);
  if (
    entry &&
    entry.samples === p.sample.length &&
    entry.locations === p.location.length &&
    entry.functions === p.function.length
  ) {
    return entry.index;
  }
  const index = build(p);
  indexCache.set(p, { index, samples: p.sample.length, locations: p.location.length, functions: p.function.length });
  return index;
}
