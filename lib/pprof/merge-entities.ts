/**
 * Location, function and mapping tables of profile.Merge (google/pprof profile/merge.go):
 * mappings keyed by rounded size, file offset and build id (or file); locations by merged
 * mapping, address relative to the mapping start, folding and lines; functions by
 * (start_line, name, system_name, filename). Numbered in first-reference order, keys built
 * once per input entity. Per-input memo tables live in InputContext.
 */
import { Function as PFunction, Line, Location, Mapping, StringTable } from "pprof-format";
import type { Numeric } from "./numbers";
import { MergeError } from "./merge-errors";
import { str, type InputPlan } from "./merge-headers";
import { addU64, canonU64, int64, signedDiff, subU64 } from "./merge-int";
import { InputLabelCache, type LabelSets } from "./merge-labels";
import type { SourceProfile } from "./merge-source";

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
export class InputContext {
  readonly strings: string[];
  private readonly remap: Int32Array;
  readonly locations: IdIndex<Location>;
  readonly functions: IdIndex<PFunction>;
  readonly mappings: IdIndex<Mapping>;
  readonly locMemo = new Map<number, number>();
  /** Input location id → merged location index + 1 (0 = not mapped yet), for compact ids. */
  readonly locDense: Int32Array;
  readonly fnMemo = new Map<number, number>();
  readonly mapMemo = new Map<number, MapInfo>();
  readonly labels: InputLabelCache;

  constructor(
    readonly plan: InputPlan,
    private readonly table: StringTable,
    labelSets: LabelSets,
  ) {
    const p = plan.source as SourceProfile;
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

/** The merged mapping, function and location tables. */
export class EntityTables {
  readonly mappings: Mapping[] = [];
  private readonly mappingByKey = new Map<string, number>();
  readonly functions: PFunction[] = [];
  private readonly functionByKey = new Map<string, number>();
  readonly locations: Location[] = [];
  private readonly locationByKey = new Map<string, number>();

  /** Start of an input: pprof maps the first input's first mapping (the main binary) first. */
  begin(ctx: InputContext): void {
    const src = ctx.plan.source as SourceProfile;
    if (this.mappings.length === 0 && src.mapping.length > 0) this.mapMapping(ctx, int64(src.mapping[0].id));
  }

  mapMapping(ctx: InputContext, id: number): MapInfo {
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

  mapFunction(ctx: InputContext, id: number): number {
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
  mapLocation(ctx: InputContext, id: number): number {
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
}
