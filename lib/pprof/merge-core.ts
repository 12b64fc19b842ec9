/**
 * profile.Merge of google/pprof (profile/merge.go), on pprof-format objects.
 * Entities are numbered in first-reference order exactly like pprof: mappings (the first
 * input's main mapping first), locations and functions as samples reach them, samples in
 * order of first appearance. Samples are keyed by merged location ids + label set through
 * an open-addressing table over integer data (no per-sample key strings); locations,
 * functions and mappings are keyed by strings built once per input entity.
 */
import { Function as PFunction, Line, Location, Mapping, Profile, Sample, StringTable, ValueType } from "pprof-format";
import type { Numeric } from "./numbers";
import { MergeError } from "./merge-errors";
import { str, type InputPlan, type MergedHeader } from "./merge-headers";
import { addU64, canonU64, int64, signedDiff, subU64 } from "./merge-int";
import { InputLabelCache, LabelSets } from "./merge-labels";
import { goRound } from "./merge-units";

interface MapInfo {
  /** Merged mapping index, -1 for none. */
  out: number;
  offset: Numeric;
}

const NO_MAPPING: MapInfo = { out: -1, offset: 0 };

function u64(v: Numeric): Numeric {
  return typeof v === "number" ? v : canonU64(v);
}

/** Lookup by id: dense array when ids are compact (the usual case), Map otherwise. */
class IdIndex<T> {
  private readonly dense: (T | undefined)[] | undefined;
  private readonly sparse: Map<number, T> | undefined;

  constructor(items: T[], idOf: (t: T) => number) {
    let max = 0;
    for (const it of items) max = Math.max(max, idOf(it));
    if (max <= items.length * 2 + 1024) {
      this.dense = new Array<T | undefined>(max + 1);
      for (const it of items) this.dense[idOf(it)] = it;
    } else {
      this.sparse = new Map(items.map((it) => [idOf(it), it]));
    }
  }

  get(id: number): T | undefined {
    return this.dense ? this.dense[id] : this.sparse!.get(id);
  }
}

/** Per-input memo tables (pprof's locationsByID, functionsByID, mappingsByID). */
class InputContext {
  readonly strings: string[];
  private readonly remap: Int32Array;
  readonly locations: IdIndex<Location>;
  readonly functions: IdIndex<PFunction>;
  readonly mappings: IdIndex<Mapping>;
  readonly locMemo = new Map<number, number>();
  readonly locDense: Int32Array;
  readonly fnMemo = new Map<number, number>();
  readonly mapMemo = new Map<number, MapInfo>();
  readonly labels: InputLabelCache;

  constructor(
    readonly plan: InputPlan,
    private readonly table: StringTable,
    labelSets: LabelSets,
  ) {
    const p = plan.profile;
    this.strings = plan.strings;
    this.remap = new Int32Array(this.strings.length).fill(-1);
    this.locations = new IdIndex(p.location, (l) => int64(l.id));
    this.functions = new IdIndex(p.function, (f) => int64(f.id));
    this.mappings = new IdIndex(p.mapping, (m) => int64(m.id));
    this.locDense = new Int32Array(p.location.length * 2 + 1025);
    this.labels = new InputLabelCache(labelSets, this.strings);
  }

  /** Output string index of this input's string `i`. */
  out(i: Numeric): number {
    const n = int64(i);
    if (n < 0 || n >= this.remap.length) return 0;
    let r = this.remap[n];
    if (r < 0) r = this.remap[n] = this.table.dedup(this.strings[n]);
    return r;
  }
}

/** Grow a typed array to hold at least `need` elements. */
function ensure<T extends Int32Array | Float64Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const b = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Merges inputs sample by sample; `build()` returns the merged pprof-format Profile. */
export class ProfileMerger {
  readonly table = new StringTable();
  private readonly labelSets = new LabelSets(this.table);
  private readonly mappings: Mapping[] = [];
  private readonly mappingByKey = new Map<string, number>();
  private readonly functions: PFunction[] = [];
  private readonly functionByKey = new Map<string, number>();
  private readonly locations: Location[] = [];
  private readonly locationByKey = new Map<string, number>();

  private readonly nCols: number;
  private nSamples = 0;
  private values: Float64Array;
  private locStart = new Int32Array(1024);
  private locLen = new Int32Array(1024);
  private labelSet = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private pool = new Int32Array(1 << 16);
  private poolLen = 0;
  private slots = new Int32Array(1 << 12);

  constructor(
    private readonly header: MergedHeader,
    private readonly dropLabels: boolean,
  ) {
    this.nCols = header.sampleTypes.length;
    this.values = new Float64Array(1024 * Math.max(1, this.nCols));
  }

  /** Adds one input (pprof's per-source loop). */
  add(plan: InputPlan): void {
    const ctx = new InputContext(plan, this.table, this.labelSets);
    const p = plan.profile;
    if (this.mappings.length === 0 && p.mapping.length > 0) this.mapMapping(ctx, int64(p.mapping[0].id));
    const { nCols } = this;
    const { colMap, ratios, weight, nOrigCols, scaleUnits } = plan;
    const scratch = new Float64Array(nCols);
    const orig = new Float64Array(nOrigCols);
    let locs = new Int32Array(256);
    for (const s of p.sample) {
      const vals = s.value;
      if (vals.length !== nOrigCols) {
        throw new MergeError("malformed", `malformed profile: mismatch: sample has ${vals.length} values vs. ${nOrigCols} types`);
      }
      // The CLI's applyFocus (FilterSamplesByName) drops samples without locations after merging.
      if (s.locationId.length === 0) continue;
      if (weight !== 1) {
        let keep = false;
        for (let k = 0; k < nOrigCols; k++) {
          const x = goRound(int64(vals[k]) * weight);
          orig[k] = x;
          if (x !== 0) keep = true;
        }
        if (!keep) continue;
        for (let i = 0; i < nCols; i++) scratch[i] = orig[colMap[i]];
      } else {
        for (let i = 0; i < nCols; i++) {
          const v = vals[colMap[i]];
          scratch[i] = typeof v === "number" ? v : int64(v);
        }
      }
      if (scaleUnits) {
        let keep = false;
        for (let i = 0; i < nCols; i++) {
          if (ratios[i] === 1) continue;
          const x = goRound(scratch[i] * ratios[i]);
          scratch[i] = x;
          if (x !== 0) keep = true;
        }
        if (!keep) continue;
      }
      let nonZero = false;
      for (let i = 0; i < nCols; i++) if (scratch[i] !== 0) nonZero = true;
      if (!nonZero) continue;

      const ids = s.locationId;
      const n = ids.length;
      if (n > locs.length) locs = new Int32Array(n * 2);
      let h = 0x811c9dc5;
      for (let j = 0; j < n; j++) {
        const id = ids[j];
        const idn = typeof id === "number" ? id : Number(id);
        let m = idn < ctx.locDense.length ? ctx.locDense[idn] : (ctx.locMemo.get(idn) ?? 0);
        if (m === 0) m = this.mapLocation(ctx, idn) + 1;
        locs[j] = m;
        h = Math.imul(h ^ m, 0x01000193);
      }
      const ls = this.dropLabels || s.label.length === 0 ? 0 : ctx.labels.idOf(s.label);
      h = Math.imul(h ^ ls, 0x9e3779b1);
      h ^= h >>> 15;
      this.addSample(locs, n, ls, h, scratch);
    }
  }

  private addSample(locs: Int32Array, n: number, ls: number, h: number, vals: Float64Array): void {
    const { nCols } = this;
    let mask = this.slots.length - 1;
    let slot = h & mask;
    for (;;) {
      const cand = this.slots[slot];
      if (cand === 0) break;
      const idx = cand - 1;
      if (this.hashes[idx] === h && this.locLen[idx] === n && this.labelSet[idx] === ls) {
        const start = this.locStart[idx];
        let eq = true;
        for (let j = 0; j < n; j++) {
          if (this.pool[start + j] !== locs[j]) {
            eq = false;
            break;
          }
        }
        if (eq) {
          const base = idx * nCols;
          for (let i = 0; i < nCols; i++) this.values[base + i] += vals[i];
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    const idx = this.nSamples++;
    if (idx >= this.locStart.length) {
      const cap = this.locStart.length * 2;
      this.locStart = ensure(this.locStart, cap);
      this.locLen = ensure(this.locLen, cap);
      this.labelSet = ensure(this.labelSet, cap);
      this.hashes = ensure(this.hashes, cap);
    }
    this.values = ensure(this.values, (idx + 1) * nCols);
    this.pool = ensure(this.pool, this.poolLen + n);
    this.pool.set(locs.subarray(0, n), this.poolLen);
    this.locStart[idx] = this.poolLen;
    this.locLen[idx] = n;
    this.poolLen += n;
    this.labelSet[idx] = ls;
    this.hashes[idx] = h;
    this.values.set(vals, idx * nCols);
    this.slots[slot] = idx + 1;
    if (this.nSamples * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let i = 0; i < this.nSamples; i++) {
        let sl = this.hashes[i] & mask;
        while (this.slots[sl] !== 0) sl = (sl + 1) & mask;
        this.slots[sl] = i + 1;
      }
    }
  }

  private mapMapping(ctx: InputContext, id: number): MapInfo {
    const memo = ctx.mapMemo.get(id);
    if (memo) return memo;
    const src = ctx.mappings.get(id);
    if (!src) return NO_MAPPING;
    const start = u64(src.memoryStart);
    let size = BigInt.asUintN(64, BigInt(src.memoryLimit) - BigInt(src.memoryStart));
    size = BigInt.asUintN(64, size + 0xfffn);
    size -= size % 0x1000n;
    const buildId = str(ctx.strings, src.buildId);
    const key = `${size}|${BigInt(src.fileOffset)}|${buildId || str(ctx.strings, src.filename)}`;
    const found = this.mappingByKey.get(key);
    let mi: MapInfo;
    if (found !== undefined) {
      mi = { out: found, offset: signedDiff(u64(this.mappings[found].memoryStart), start) };
    } else {
      const out = this.mappings.length;
      this.mappings.push(
        new Mapping({
          id: out + 1,
          memoryStart: src.memoryStart,
          memoryLimit: src.memoryLimit,
          fileOffset: src.fileOffset,
          filename: ctx.out(src.filename),
          buildId: ctx.out(src.buildId),
          hasFunctions: src.hasFunctions,
          hasFilenames: src.hasFilenames,
          hasLineNumbers: src.hasLineNumbers,
          hasInlineFrames: src.hasInlineFrames,
        }),
      );
      this.mappingByKey.set(key, out);
      mi = { out, offset: 0 };
    }
    ctx.mapMemo.set(id, mi);
    return mi;
  }

  private mapFunction(ctx: InputContext, id: number): number {
    const memo = ctx.fnMemo.get(id);
    if (memo !== undefined) return memo;
    const src = id === 0 ? undefined : ctx.functions.get(id);
    let out = -1;
    if (src) {
      const s = ctx.strings;
      const key = `${int64(src.startLine)}\u0000${str(s, src.name)}\u0000${str(s, src.systemName)}\u0000${str(s, src.filename)}`;
      const found = this.functionByKey.get(key);
      if (found !== undefined) {
        out = found;
      } else {
        out = this.functions.length;
        this.functions.push(
          new PFunction({
            id: out + 1,
            name: ctx.out(src.name),
            systemName: ctx.out(src.systemName),
            filename: ctx.out(src.filename),
            startLine: src.startLine,
          }),
        );
        this.functionByKey.set(key, out);
      }
    }
    ctx.fnMemo.set(id, out);
    return out;
  }

  /** Maps input location `id`; returns its merged index. */
  private mapLocation(ctx: InputContext, id: number): number {
    const src = ctx.locations.get(id);
    if (!src) throw new MergeError("malformed", "malformed profile: sample has nil location");
    const mi = this.mapMapping(ctx, int64(src.mappingId));
    const address = addU64(u64(src.address), mi.offset);
    let key = mi.out >= 0 ? `${mi.out}|${subU64(address, u64(this.mappings[mi.out].memoryStart))}` : `-|${address}`;
    key += src.isFolded ? "|f|" : "|-|";
    const lines: Line[] = new Array<Line>(src.line.length);
    for (let i = 0; i < src.line.length; i++) {
      const ln = src.line[i];
      const fn = this.mapFunction(ctx, int64(ln.functionId));
      key += `${fn},${int64(ln.line)},${int64(ln.column)};`;
      lines[i] = new Line({ functionId: fn + 1, line: ln.line, column: ln.column });
    }
    let out = this.locationByKey.get(key);
    if (out === undefined) {
      out = this.locations.length;
      this.locations.push(
        new Location({ id: out + 1, mappingId: mi.out + 1, address, line: lines, isFolded: src.isFolded }),
      );
      this.locationByKey.set(key, out);
    }
    if (id < ctx.locDense.length) ctx.locDense[id] = out + 1;
    else ctx.locMemo.set(id, out + 1);
    return out;
  }

  /** The merged profile, and whether some merged sample summed to all zeros (pprof then compacts). */
  build(): { profile: Profile; hasZeroSample: boolean } {
    const { nCols, header } = this;
    const out = (s: string): number => this.table.dedup(s);
    const sampleType = header.sampleTypes.map((st) => new ValueType({ type: out(st.type), unit: out(st.unit) }));
    const samples = new Array<Sample>(this.nSamples);
    let hasZeroSample = false;
    for (let i = 0; i < this.nSamples; i++) {
      const start = this.locStart[i];
      const n = this.locLen[i];
      const locationId = new Array<number>(n);
      for (let j = 0; j < n; j++) locationId[j] = this.pool[start + j];
      const value = new Array<number>(nCols);
      let zero = true;
      for (let k = 0; k < nCols; k++) {
        const v = this.values[i * nCols + k];
        value[k] = v;
        if (v !== 0) zero = false;
      }
      if (zero) hasZeroSample = true;
      samples[i] = new Sample({ locationId, value, label: this.labelSets.sets[this.labelSet[i]] });
    }
    const pt = header.periodType;
    const profile = new Profile({
      sampleType,
      sample: samples,
      mapping: this.mappings,
      location: this.locations,
      function: this.functions,
      stringTable: this.table,
      dropFrames: out(header.dropFrames),
      keepFrames: out(header.keepFrames),
      timeNanos: canonSigned(header.timeNanos),
      durationNanos: canonSigned(header.durationNanos),
      periodType: pt.type || pt.unit ? new ValueType({ type: out(pt.type), unit: out(pt.unit) }) : undefined,
      period: canonSigned(header.period),
      comment: header.comments.map(out),
      defaultSampleType: out(header.defaultSampleType),
      docUrl: out(header.docUrl),
    });
    return { profile, hasZeroSample };
  }
}

/** A signed int64 as number when safe, else its unsigned two's-complement bigint (what the encoder expects). */
function canonSigned(v: bigint): Numeric {
  if (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) return Number(v);
  return BigInt.asUintN(64, v);
}
