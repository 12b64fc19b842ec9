/**
 * Location, function and mapping tables of profile.Merge (google/pprof profile/merge.go), over
 * the inputs' entity columns (profile-entities.ts): mappings keyed by rounded size, file offset
 * and build id (or file); locations by merged mapping, address relative to the mapping start,
 * folding and lines; functions by (start_line, name, system_name, filename). Numbered in
 * first-reference order; each input entity is keyed once (InputEntities memoises by dense index).
 */
import type { Numeric } from "./numbers";
import type { ProfileEntities } from "./profile-entities";
import type { ModelFunction, ModelLine, ModelLocation, ModelMapping, StringTable } from "./profile-model";
import { addU64, canonU64, signedDiff, subU64 } from "./merge-int";

interface MapInfo {
  /** Merged mapping index, -1 for none. */
  out: number;
  offset: Numeric;
}

const NO_MAPPING: MapInfo = { out: -1, offset: 0 };

function u64(v: Numeric): Numeric {
  return typeof v === "number" ? v : canonU64(v);
}

/** One input's memo tables (pprof's locationsByID, functionsByID, mappingsByID), by dense index. */
export class InputEntities {
  private readonly remap: Int32Array;
  /** Merged location index + 1 of each input location (0: not mapped yet). */
  readonly locations: Int32Array;
  /** Merged function index + 1 of each input function (0: not mapped yet). */
  private readonly functions: Int32Array;
  private readonly mappings: (MapInfo | undefined)[];

  constructor(
    readonly e: ProfileEntities,
    private readonly table: StringTable,
  ) {
    this.remap = new Int32Array(e.strings.length).fill(-1);
    this.locations = new Int32Array(e.locations.count);
    this.functions = new Int32Array(e.functions.count);
    this.mappings = new Array(e.mappings.count);
  }

  /** String `i` of this input. */
  str(i: number): string {
    return this.e.strings[i] ?? "";
  }

  /** Output string index of this input's string `i`. */
  out(i: number): number {
    if (i < 0 || i >= this.remap.length) return 0;
    let r = this.remap[i];
    if (r < 0) r = this.remap[i] = this.table.dedup(this.e.strings[i]);
    return r;
  }

  mapping(i: number): MapInfo | undefined {
    return this.mappings[i];
  }
  setMapping(i: number, info: MapInfo): void {
    this.mappings[i] = info;
  }
  function(i: number): number {
    return this.functions[i] - 1;
  }
  setFunction(i: number, out: number): void {
    this.functions[i] = out + 1;
  }
}

/** The merged mapping, function and location tables. */
export class MergedEntities {
  readonly mappings: ModelMapping[] = [];
  private readonly mappingByKey = new Map<string, number>();
  readonly functions: ModelFunction[] = [];
  private readonly functionByKey = new Map<string, number>();
  readonly locations: ModelLocation[] = [];
  private readonly locationByKey = new Map<string, number>();

  /** Start of an input: pprof maps the first input's first mapping (the main binary) first. */
  begin(ctx: InputEntities): void {
    if (this.mappings.length === 0 && ctx.e.mappings.count > 0) this.mapMapping(ctx, 0);
  }

  private mapMapping(ctx: InputEntities, i: number): MapInfo {
    if (i < 0) return NO_MAPPING;
    const memo = ctx.mapping(i);
    if (memo) return memo;
    const m = ctx.e.mappings;
    const start = u64(m.memoryStart[i]);
    let size = BigInt.asUintN(64, BigInt(m.memoryLimit[i]) - BigInt(m.memoryStart[i]));
    size = BigInt.asUintN(64, size + 0xfffn);
    size -= size % 0x1000n;
    const key = `${size}|${BigInt(m.fileOffset[i])}|${ctx.str(m.buildId[i]) || ctx.str(m.filename[i])}`;
    const found = this.mappingByKey.get(key);
    let mi: MapInfo;
    if (found !== undefined) {
      mi = { out: found, offset: signedDiff(u64(this.mappings[found].memoryStart), start) };
    } else {
      const out = this.mappings.length;
      const flags = m.flags[i];
      this.mappings.push({
        id: out + 1,
        memoryStart: m.memoryStart[i],
        memoryLimit: m.memoryLimit[i],
        fileOffset: m.fileOffset[i],
        filename: ctx.out(m.filename[i]),
        buildId: ctx.out(m.buildId[i]),
        hasFunctions: (flags & 1) !== 0,
        hasFilenames: (flags & 2) !== 0,
        hasLineNumbers: (flags & 4) !== 0,
        hasInlineFrames: (flags & 8) !== 0,
      });
      this.mappingByKey.set(key, out);
      mi = { out, offset: 0 };
    }
    ctx.setMapping(i, mi);
    return mi;
  }

  private mapFunction(ctx: InputEntities, i: number): number {
    if (i < 0) return -1;
    const memo = ctx.function(i);
    if (memo >= 0) return memo;
    const f = ctx.e.functions;
    const key = `${f.startLine[i]}\u0000${ctx.str(f.name[i])}\u0000${ctx.str(f.systemName[i])}\u0000${ctx.str(f.filename[i])}`;
    let out = this.functionByKey.get(key);
    if (out === undefined) {
      out = this.functions.length;
      this.functions.push({ id: out + 1, name: ctx.out(f.name[i]), systemName: ctx.out(f.systemName[i]), filename: ctx.out(f.filename[i]), startLine: f.startLine[i] });
      this.functionByKey.set(key, out);
    }
    ctx.setFunction(i, out);
    return out;
  }

  /** Maps input location `i` (dense index); returns its merged index. */
  mapLocation(ctx: InputEntities, i: number): number {
    const memo = ctx.locations[i];
    if (memo !== 0) return memo - 1;
    const l = ctx.e.locations;
    const mi = this.mapMapping(ctx, l.mapping[i]);
    const address = addU64(u64(l.address[i]), mi.offset);
    let key = mi.out >= 0 ? `${mi.out}|${subU64(address, u64(this.mappings[mi.out].memoryStart))}` : `-|${address}`;
    const folded = l.folded[i] !== 0;
    key += folded ? "|f|" : "|-|";
    const from = l.lineStart[i];
    const lines: ModelLine[] = new Array<ModelLine>(l.lineStart[i + 1] - from);
    for (let k = 0; k < lines.length; k++) {
      const fn = this.mapFunction(ctx, l.lineFunction[from + k]);
      key += `${fn},${l.line[from + k]},${l.column[from + k]};`;
      lines[k] = { functionId: fn + 1, line: l.line[from + k], column: l.column[from + k] };
    }
    let out = this.locationByKey.get(key);
    if (out === undefined) {
      out = this.locations.length;
      this.locations.push({ id: out + 1, mappingId: mi.out + 1, address, line: lines, isFolded: folded });
      this.locationByKey.set(key, out);
    }
    ctx.locations[i] = out + 1;
    return out;
  }
}
