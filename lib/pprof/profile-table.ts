/**
 * The one read of a profile's protobuf bytes: a pass that checks them the way Go's pprof and
 * the tests' oracle do (pprof-format's decode, then findStructuralProblem in testing/pprof/validate.ts: the same
 * checks, in the same order, with the same messages) and fills the profile's table as it goes:
 * the header figures a summary needs, and the StackIndex every view derives from (function names,
 * each location's frames by dense index, the distinct stacks with their values summed per sample
 * type). No object per sample, location or string: a profile of 500,000 samples is read in a
 * fraction of the time and memory of pprof-format's decode. Asked for (`entities: true`), the same
 * pass keeps the rest (profile-entities.ts): every string, mapping, function, location line and
 * sample, which the merge and the merge preview's index read.
 */
import { buildIdLookup, type IdLookup } from "./id-lookup";
import { Int32List, NameTable, stackIndex, StackTableBuilder, type Stacks } from "./stack-table";
import { defaultSampleTypeOf, type SampleTypeName } from "./sample-type";
import type { StackIndex } from "./stack-table";
import { Float64List, SampleSink, type FunctionColumns as FunctionEntities, type LocationColumns, type MappingColumns, type ProfileEntities, type ValueTypeRef } from "./profile-entities";
import type { Numeric } from "./numbers";
import { detailBytes, type ProfileDetail } from "./profile-detail";
import { LabelSetTable, SampleGroupsBuilder } from "./sample-groups";
import { Reader, Truncated } from "./wire-reader";

/** The first inconsistency found, worded as findStructuralProblem words it. */
export class StructuralProblem extends Error {}

/** A profile's header figures, with their strings. */
export interface ProfileHeader {
  sampleTypes: SampleTypeName[];
  /** pprof's default: default_sample_type when set and present, else the last sample type. */
  defaultSampleType: number;
  periodType: SampleTypeName;
  period: number;
  durationNanos: number;
  timeNanos: number;
  sampleCount: number;
  /** Sum of each value column, as int64s. */
  columnTotals: number[];
  functionCount: number;
  /** Some function has a start_line (Go 1.20+ profiles do; cmd/compile's PGO loader requires it). */
  hasStartLines: boolean;
}

/** Byte ranges of the repeated messages, as [start, end, start, end, ...]. */
type Ranges = number[];

/** Top-level fields of perftools.profiles.Profile. */
const Field = {
  SampleType: 1,
  Sample: 2,
  Mapping: 3,
  Location: 4,
  Function: 5,
  StringTable: 6,
  DropFrames: 7,
  KeepFrames: 8,
  TimeNanos: 9,
  DurationNanos: 10,
  PeriodType: 11,
  Period: 12,
  Comment: 13,
  DefaultSampleType: 14,
  DocUrl: 15,
} as const;

const ENDS_INSIDE_A_FIELD = "it ends inside a field: was the file cut short by an interrupted upload or download?";

const VARINT = 0;
const LENGTH_DELIMITED = 2;

interface TopLevel {
  sampleTypes: Ranges;
  samples: Ranges;
  mappings: Ranges;
  locations: Ranges;
  functions: Ranges;
  strings: Ranges;
  periodType: [number, number] | undefined;
  comments: number[];
  dropFrames: number;
  keepFrames: number;
  timeNanos: bigint;
  durationNanos: bigint;
  period: bigint;
  defaultSampleType: number;
  docUrl: number;
}

/** A varint field's value; anything but a varint is malformed. */
function varint(r: Reader, wireType: number): number {
  if (wireType !== VARINT) throw new Truncated();
  return r.uint();
}

/** An int64 varint field's value, exactly (two's complement); anything but a varint is malformed. */
function int64(r: Reader, wireType: number): bigint {
  if (wireType !== VARINT) throw new Truncated();
  return r.exactInt64();
}

/** A uint64 varint field's value, exactly; anything but a varint is malformed. */
function uint64(r: Reader, wireType: number): Numeric {
  if (wireType !== VARINT) throw new Truncated();
  return r.exactUint();
}

/** Reads a packed (length-delimited) or single varint field into `out`, with `read` per value. */
function readRepeated(r: Reader, wireType: number, read: () => number, out: number[]): void {
  if (wireType === VARINT) {
    out.push(read());
    return;
  }
  if (wireType !== LENGTH_DELIMITED) throw new Truncated();
  const end = r.uint() + r.pos;
  if (end > r.buf.length) throw new Truncated();
  while (r.pos < end) out.push(read());
  if (r.pos !== end) throw new Truncated();
}

function scanTopLevel(r: Reader): TopLevel {
  const top: TopLevel = {
    sampleTypes: [],
    samples: [],
    mappings: [],
    locations: [],
    functions: [],
    strings: [],
    periodType: undefined,
    comments: [],
    dropFrames: 0,
    keepFrames: 0,
    timeNanos: 0n,
    durationNanos: 0n,
    period: 0n,
    defaultSampleType: 0,
    docUrl: 0,
  };
  const end = r.buf.length;
  const messages: Record<number, Ranges | undefined> = {
    [Field.SampleType]: top.sampleTypes,
    [Field.Sample]: top.samples,
    [Field.Mapping]: top.mappings,
    [Field.Location]: top.locations,
    [Field.Function]: top.functions,
    [Field.StringTable]: top.strings,
  };
  while (r.pos < end) {
    const tag = r.uint();
    const field = tag >>> 3;
    const wireType = tag & 7;
    const ranges = messages[field];
    if (ranges !== undefined || field === Field.PeriodType) {
      if (wireType !== LENGTH_DELIMITED) throw new Truncated();
      const length = r.uint();
      const start = r.pos;
      r.pos += length;
      if (r.pos > end) throw new Truncated();
      if (ranges !== undefined) ranges.push(start, r.pos);
      else top.periodType = [start, r.pos];
      continue;
    }
    switch (field) {
      case Field.Comment:
        readRepeated(r, wireType, () => r.uint(), top.comments);
        break;
      case Field.TimeNanos:
        top.timeNanos = int64(r, wireType);
        break;
      case Field.DurationNanos:
        top.durationNanos = int64(r, wireType);
        break;
      case Field.Period:
        top.period = int64(r, wireType);
        break;
      case Field.DropFrames:
        top.dropFrames = varint(r, wireType);
        break;
      case Field.KeepFrames:
        top.keepFrames = varint(r, wireType);
        break;
      case Field.DefaultSampleType:
        top.defaultSampleType = varint(r, wireType);
        break;
      case Field.DocUrl:
        top.docUrl = varint(r, wireType);
        break;
      default:
        r.skip(wireType);
    }
    if (r.pos > end) throw new Truncated();
  }
  return top;
}

/** The varint fields of each message (perftools.profiles), which must come as varints even when not read. */
const VARINT_FIELDS = {
  valueType: [1, 2],
  label: [1, 2, 3, 4],
  mapping: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  location: [1, 2, 3, 5],
  line: [1, 2, 3],
  function: [1, 2, 3, 4, 5],
} as const;

/**
 * Calls `onField(field, wireType)` for each field of the message at `start..end`; `onField` reads
 * the fields it wants and returns false for the others, which are skipped: a field of `varints`
 * that is not a varint is malformed (as Go's pprof finds it), any other is passed over.
 */
function forEachField(
  r: Reader,
  start: number,
  end: number,
  varints: readonly number[],
  onField: (field: number, wireType: number) => boolean,
): void {
  r.pos = start;
  while (r.pos < end) {
    const tag = r.uint();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (onField(field, wireType)) continue;
    if (wireType !== VARINT && varints.includes(field)) throw new Truncated();
    r.skip(wireType);
  }
  if (r.pos !== end) throw new Truncated();
}


function readValueType(r: Reader, start: number, end: number): ValueTypeRef {
  const vt: ValueTypeRef = { type: 0, unit: 0 };
  forEachField(r, start, end, VARINT_FIELDS.valueType, (field, wireType) => {
    if (field === 1) vt.type = varint(r, wireType);
    else if (field === 2) vt.unit = varint(r, wireType);
    else return false;
    return true;
  });
  return vt;
}

/** Reads each entity's id and string references; checks ids like findStructuralProblem. */
function checkEntities(
  r: Reader,
  ranges: Ranges,
  what: "function" | "mapping",
  stringFields: readonly number[],
  badString: (index: number) => boolean,
  onField?: { string?: (entity: number, field: number, index: number) => void; other?: (entity: number, field: number, wireType: number) => boolean },
): { lookup: IdLookup; ids: number[] } {
  const n = ranges.length / 2;
  const ids: number[] = new Array(n);
  // Every entity's string references, read with its id, checked after the duplicate ids (the order of the checks).
  const strings: number[] = [];
  const stringStarts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let id = 0;
    stringStarts[i] = strings.length;
    forEachField(r, ranges[2 * i], ranges[2 * i + 1], VARINT_FIELDS[what], (field, wireType) => {
      if (field === 1) id = varint(r, wireType);
      else if (stringFields.includes(field)) {
        const index = varint(r, wireType);
        strings.push(index);
        onField?.string?.(i, field, index);
      } else return onField?.other?.(i, field, wireType) ?? false;
      return true;
    });
    ids[i] = id;
  }
  stringStarts[n] = strings.length;
  const lookup = buildIdLookup(ids);
  if (lookup.duplicates.length > 0) throw new StructuralProblem(`${what} id ${lookup.duplicates[0]} is used twice`);
  for (let i = 0; i < n; i++) {
    if (ids[i] === 0) throw new StructuralProblem(`a ${what} has id 0`);
    for (let k = stringStarts[i]; k < stringStarts[i + 1]; k++) {
      if (badString(strings[k])) throw new StructuralProblem(`${what} ${ids[i]} names a string outside the string table`);
    }
  }
  return { lookup, ids };
}

/** The functions' ids and display names (name, else system name, else "<unknown>", as pprof shows them). */
interface FunctionColumns {
  lookup: IdLookup;
  /** Name id (in the frame name table) of dense function i. */
  nameIds: Int32Array;
  hasStartLines: boolean;
  entities: FunctionEntities;
}

const UNKNOWN_FUNCTION = "<unknown>";

function checkFunctions(r: Reader, ranges: Ranges, strings: StringColumn, names: NameTable): FunctionColumns {
  const n = ranges.length / 2;
  const e: FunctionEntities = { count: n, id: new Float64Array(n), name: new Int32Array(n), systemName: new Int32Array(n), filename: new Int32Array(n), startLine: new Float64Array(n) };
  let hasStartLines = false;
  const { lookup, ids } = checkEntities(r, ranges, "function", [2, 3, 4], strings.bad, {
    string(i, field, index) {
      if (field === 2) e.name[i] = index;
      else if (field === 3) e.systemName[i] = index;
      else e.filename[i] = index;
    },
    other(i, field, wireType) {
      if (field !== 5) return false;
      if (wireType !== VARINT) throw new Truncated();
      e.startLine[i] = r.int64();
      if (e.startLine[i] !== 0) hasStartLines = true;
      return true;
    },
  });
  e.id.set(ids);
  const nameIds = new Int32Array(n);
  for (let i = 0; i < n; i++) nameIds[i] = names.id(strings.get(e.name[i]) || strings.get(e.systemName[i]) || UNKNOWN_FUNCTION);
  return { lookup, nameIds, hasStartLines, entities: e };
}

/** The mappings' columns (ids checked like the functions'). */
function checkMappings(r: Reader, ranges: Ranges, strings: StringColumn): { lookup: IdLookup; entities: MappingColumns } {
  const n = ranges.length / 2;
  const e: MappingColumns = { count: n, id: new Float64Array(n), memoryStart: new Array(n).fill(0), memoryLimit: new Array(n).fill(0), fileOffset: new Array(n).fill(0), filename: new Int32Array(n), buildId: new Int32Array(n), flags: new Uint8Array(n) };
  const { lookup, ids } = checkEntities(r, ranges, "mapping", [5, 6], strings.bad, {
    string(i, field, index) {
      if (field === 5) e.filename[i] = index;
      else e.buildId[i] = index;
    },
    other(i, field, wireType) {
      if (field === 2) e.memoryStart[i] = uint64(r, wireType);
      else if (field === 3) e.memoryLimit[i] = uint64(r, wireType);
      else if (field === 4) e.fileOffset[i] = uint64(r, wireType);
      else if (field >= 7 && field <= 10) {
        if (varint(r, wireType) !== 0) e.flags[i] |= 1 << (field - 7);
      } else return false;
      return true;
    },
  });
  e.id.set(ids);
  return { lookup, entities: e };
}

/** A location's fields as read: its id, mapping id, address, and the function id of each line. */
interface LocationFields {
  ids: number[];
  mappingIds: Float64Array;
  addresses: (number | bigint)[];
  folded: Uint8Array;
  /** Function ids of every line, location by location: lineFunctions[lineStarts[i] .. lineStarts[i+1]). */
  lineFunctions: number[];
  lineStarts: Int32Array;
  /** Line and column of every line. */
  lineNumbers: Float64List;
  lineColumns: Float64List;
}

function readLocations(r: Reader, ranges: Ranges): LocationFields {
  const n = ranges.length / 2;
  const f: LocationFields = {
    ids: new Array(n),
    mappingIds: new Float64Array(n),
    addresses: new Array(n),
    folded: new Uint8Array(n),
    lineFunctions: [],
    lineStarts: new Int32Array(n + 1),
    lineNumbers: new Float64List(n + 16),
    lineColumns: new Float64List(n + 16),
  };
  for (let i = 0; i < n; i++) {
    let id = 0;
    let mappingId = 0;
    let address: number | bigint = 0;
    f.lineStarts[i] = f.lineFunctions.length;
    forEachField(r, ranges[2 * i], ranges[2 * i + 1], VARINT_FIELDS.location, (field, wireType) => {
      if (field === 1) id = varint(r, wireType);
      else if (field === 2) mappingId = varint(r, wireType);
      else if (field === 3) {
        if (wireType !== VARINT) throw new Truncated();
        address = r.exactUint();
      } else if (field === 4) readLine(r, wireType, f);
      else if (field === 5) f.folded[i] = varint(r, wireType) !== 0 ? 1 : 0;
      else return false;
      return true;
    });
    f.ids[i] = id;
    f.mappingIds[i] = mappingId;
    f.addresses[i] = address;
  }
  f.lineStarts[n] = f.lineFunctions.length;
  return f;
}

/** A Line message (field 4 of a Location): its function id, line and column. */
function readLine(r: Reader, wireType: number, f: LocationFields): void {
  if (wireType !== LENGTH_DELIMITED) throw new Truncated();
  const lineEnd = r.uint() + r.pos;
  if (lineEnd > r.buf.length) throw new Truncated();
  let functionId = 0;
  let line = 0;
  let column = 0;
  forEachField(r, r.pos, lineEnd, VARINT_FIELDS.line, (lineField, lineWireType) => {
    if (lineWireType !== VARINT) return false;
    if (lineField === 1) functionId = r.uint();
    else if (lineField === 2) line = r.int64();
    else if (lineField === 3) column = r.int64();
    else return false;
    return true;
  });
  f.lineFunctions.push(functionId);
  f.lineNumbers.push(line);
  f.lineColumns.push(column);
}

/** Each location's frames as name ids, innermost first: frames[frameStart[i] .. frameStart[i+1]). */
interface FrameColumns {
  lookup: IdLookup;
  frameStart: Int32Array;
  frames: Int32Array;
  entities: LocationColumns;
}

function checkLocations(r: Reader, ranges: Ranges, mappings: IdLookup, functions: FunctionColumns, names: NameTable): FrameColumns {
  const { ids, mappingIds, addresses, folded, lineFunctions, lineStarts, lineNumbers, lineColumns } = readLocations(r, ranges);
  const n = ids.length;
  const lookup = buildIdLookup(ids);
  if (lookup.duplicates.length > 0) throw new StructuralProblem(`location id ${lookup.duplicates[0]} is used twice`);
  const frameStart = new Int32Array(n + 1);
  const frames = new Int32List(lineFunctions.length + 16);
  const mappingOf = new Int32Array(n);
  const lineFunction = new Int32Array(lineFunctions.length);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (id === 0) throw new StructuralProblem("a location has id 0");
    const mappingId = mappingIds[i];
    mappingOf[i] = mappingId === 0 ? -1 : mappings.get(mappingId);
    if (mappingId !== 0 && mappingOf[i] < 0) throw new StructuralProblem(`location ${id} refers to missing mapping ${mappingId}`);
    frameStart[i] = frames.length;
    for (let k = lineStarts[i]; k < lineStarts[i + 1]; k++) {
      const fid = lineFunctions[k];
      const fi = fid === 0 ? -1 : functions.lookup.get(fid);
      if (fid !== 0 && fi < 0) throw new StructuralProblem(`location ${id} refers to missing function ${fid}`);
      lineFunction[k] = fi;
      frames.push(fi >= 0 ? functions.nameIds[fi] : names.id(UNKNOWN_FUNCTION));
    }
    // A location without lines is shown by its address, as pprof does.
    if (frames.length === frameStart[i]) frames.push(names.id(`0x${BigInt(addresses[i]).toString(16)}`));
  }
  frameStart[n] = frames.length;
  const entities: LocationColumns = {
    count: n,
    id: Float64Array.from(ids),
    mapping: mappingOf,
    address: addresses,
    folded,
    lineStart: lineStarts,
    lineFunction,
    line: lineNumbers.finish(),
    column: lineColumns.finish(),
  };
  return { lookup, frameStart, frames: frames.finish(), entities };
}

/**
 * Whether a Label message (key, str and num_unit are string indexes), ending at `labelEnd`, names a
 * string outside the table; its (key, str, num, num_unit) are pushed onto `sink` when one is given.
 */
function labelHasBadString(r: Reader, labelEnd: number, badString: (index: number) => boolean, sink: Float64List | undefined): boolean {
  let bad = false;
  const fields = [0, 0, 0, 0];
  while (r.pos < labelEnd) {
    const tag = r.uint();
    const field = tag >>> 3;
    if (field >= 1 && field <= 4) {
      // key, str, num and num_unit are varints.
      if ((tag & 7) !== VARINT) throw new Truncated();
      if (field === 3) fields[2] = r.int64();
      else if (badString((fields[field - 1] = r.uint()))) bad = true;
    } else r.skip(tag & 7);
  }
  if (r.pos !== labelEnd) throw new Truncated();
  if (sink) for (const v of fields) sink.push(v);
  return bad;
}

/** A sample's values, as read (int64s); `count` may pass the buffer's length (then only counted). */
interface ValueRun {
  values: Float64Array;
  count: number;
}

/** Reads a packed (tag 0x12) or single (0x10) run of a sample's values. */
function readValues(r: Reader, tag: number, end: number, run: ValueRun): void {
  const packed = tag === 0x12;
  const runEnd = packed ? r.uint() + r.pos : r.pos + 1;
  if (runEnd > end) throw new Truncated();
  while (r.pos < runEnd) {
    const v = r.int64();
    if (run.count < run.values.length) run.values[run.count] = v;
    run.count++;
    if (!packed) break;
  }
  if (packed && r.pos !== runEnd) throw new Truncated();
}

/** What the samples give: their stacks, and the labelled ones by stack and label set. */
interface SampleColumns {
  stacks: StackTableBuilder;
  /** The views' label groups; not made when the samples go to a sink (the merge reads the sink's labels). */
  groups: SampleGroupsBuilder | undefined;
  labels: LabelSetTable;
}

/**
 * Checks every sample and groups them by stack (and label set), summing values per stack and type;
 * every sample in order goes to `sink` when one is given (the merge reads them). The hot loop of a read.
 */
function checkSamples(r: Reader, ranges: Ranges, nTypes: number, locations: IdLookup, strings: StringColumn, sink: SampleSink | undefined): SampleColumns {
  const badString = strings.bad;
  const stacks = new StackTableBuilder(nTypes);
  const groups = sink ? undefined : new SampleGroupsBuilder(nTypes);
  const labels = new LabelSetTable(r.buf, strings.get);
  const labelRanges: number[] = [];
  const buf = r.buf;
  let locs = new Int32Array(256);
  const run: ValueRun = { values: new Float64Array(Math.max(nTypes, 16)), count: 0 };
  const n = ranges.length / 2;
  for (let i = 0; i < n; i++) {
    const end = ranges[2 * i + 1];
    r.pos = ranges[2 * i];
    let depth = 0;
    // The first missing location, checked after the number of values (the order of the checks).
    let missingLocation = -1;
    let badLabel = false;
    let labelCount = 0;
    run.count = 0;
    const labelsFrom = sink ? sink.labels.length : 0;
    while (r.pos < end) {
      const tag = buf[r.pos] < 0x80 ? buf[r.pos++] : r.uint();
      if (tag === 0x0a || tag === 0x08) {
        // location_id, packed or not
        const packed = tag === 0x0a;
        const runEnd = packed ? r.uint() + r.pos : r.pos + 1;
        if (runEnd > end) throw new Truncated();
        while (r.pos < runEnd) {
          const b = buf[r.pos];
          const id = b < 0x80 ? (r.pos++, b) : r.uint();
          const dense = locations.get(id);
          if (dense < 0 && missingLocation < 0) missingLocation = id;
          if (depth === locs.length) locs = grown(locs);
          locs[depth++] = dense;
          if (!packed) break;
        }
        if (packed && r.pos !== runEnd) throw new Truncated();
      } else if (tag === 0x12 || tag === 0x10) readValues(r, tag, end, run);
      else if (tag === 0x1a) {
        const labelEnd = r.uint() + r.pos;
        if (labelEnd > end) throw new Truncated();
        labelRanges[labelCount++] = r.pos;
        labelRanges[labelCount++] = labelEnd;
        if (labelHasBadString(r, labelEnd, badString, sink?.labels)) badLabel = true;
      } else {
        // Fields 1-3 in another wire type are malformed; others are passed over.
        if (tag >>> 3 >= 1 && tag >>> 3 <= 3) throw new Truncated();
        r.skip(tag & 7);
      }
    }
    if (r.pos !== end) throw new Truncated();
    if (run.count !== nTypes) throw new StructuralProblem(`sample ${i} has ${run.count} values but the profile declares ${nTypes} sample types`);
    if (missingLocation >= 0) throw new StructuralProblem(`sample ${i} refers to missing location ${missingLocation}`);
    if (badLabel) throw new StructuralProblem(`sample ${i} has a label naming a string outside the string table`);
    const stack = stacks.add(locs, depth, run.values);
    sink?.add(stack, run.values, nTypes, labelsFrom);
    if (labelCount > 0 && groups) groups.add(stack, labels.id(labelRanges, labelCount), run.values);
  }
  return { stacks, groups, labels };
}

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/** The string table: index i is the bytes strings[2i] .. strings[2i+1] of the payload, decoded once. */
interface StringColumn {
  get(index: number): string;
  bad(index: number): boolean;
  /** Every string, in table order. */
  all(): string[];
}

function stringColumn(payload: Uint8Array, ranges: Ranges): StringColumn {
  if (ranges.length > 0 && ranges[1] !== ranges[0]) throw new StructuralProblem('its string table does not start with ""');
  // pprof-format's table when the profile has none: [""].
  const count = Math.max(1, ranges.length / 2);
  const decoded: (string | undefined)[] = new Array(ranges.length / 2);
  const decoder = new TextDecoder();
  const decode = (i: number): string => {
    const start = ranges[2 * i];
    const end = ranges[2 * i + 1];
    let ascii = end - start <= 64;
    for (let k = start; ascii && k < end; k++) if (payload[k] >= 0x80) ascii = false;
    return ascii ? String.fromCharCode.apply(null, payload.subarray(start, end) as unknown as number[]) : decoder.decode(payload.subarray(start, end));
  };
  return {
    get: (i) => (i >= 0 && i < ranges.length / 2 ? (decoded[i] ??= decode(i)) : ""),
    bad: (i) => !(i >= 0 && i < count),
    all() {
      const out: string[] = new Array(count).fill("");
      for (let i = 0; i < ranges.length / 2; i++) out[i] = (decoded[i] ??= decode(i));
      return out;
    },
  };
}

/** The header fields a summary reports; string references are checked against the table. */
function checkHeader(r: Reader, top: TopLevel, strings: StringColumn) {
  const badString = strings.bad;
  const sampleTypes: ValueTypeRef[] = [];
  for (let i = 0; i < top.sampleTypes.length; i += 2) sampleTypes.push(readValueType(r, top.sampleTypes[i], top.sampleTypes[i + 1]));
  if (sampleTypes.length === 0) throw new StructuralProblem("it declares no sample types");
  sampleTypes.forEach((vt, i) => {
    if (badString(vt.type) || badString(vt.unit)) throw new StructuralProblem(`sample type ${i} names a string outside the string table`);
  });
  const periodType = top.periodType && readValueType(r, top.periodType[0], top.periodType[1]);
  if (periodType && (badString(periodType.type) || badString(periodType.unit))) {
    throw new StructuralProblem("its period type names a string outside the string table");
  }
  for (const [field, index] of [
    ["drop_frames", top.dropFrames],
    ["keep_frames", top.keepFrames],
    ["default_sample_type", top.defaultSampleType],
    ["doc_url", top.docUrl],
  ] as const) {
    if (badString(index)) throw new StructuralProblem(`its ${field} names a string outside the string table`);
  }
  if (top.comments.some(badString)) throw new StructuralProblem("a comment names a string outside the string table");
  return { sampleTypes, periodType };
}

/** What a read of a profile gives: its header figures, and its frames and stacks (plain data, which a worker thread can hand over). */
export interface ProfileTable {
  header: ProfileHeader;
  /** Frame name by name id. */
  names: string[];
  frameStart: Int32Array;
  frames: Int32Array;
  stacks: Stacks;
  /** What pprof's filters, granularities, the call graph and the labels read beyond the stacks. */
  detail: ProfileDetail;
  /** Approximate bytes held (for cache budgets). */
  retainedBytes: number;
  /** The rest of the profile, when asked for (`entities: true`): what a merge reads. */
  entities?: ProfileEntities;
}

/** A table read with its entities, for the merge and its preview: the views' detail is not made. */
export type FullProfileTable = Omit<ProfileTable, "detail" | "entities"> & { entities: ProfileEntities };

/**
 * Checks a profile's protobuf bytes (not gzipped) and reads its table. Throws Truncated for bytes
 * that are not well-formed protobuf, StructuralProblem for the first inconsistency.
 */
export function readProfileTable(payload: Uint8Array): ProfileTable;
export function readProfileTable(payload: Uint8Array, options: { entities: true }): FullProfileTable;
export function readProfileTable(payload: Uint8Array, options: { entities?: boolean } = {}): ProfileTable | FullProfileTable {
  const r = new Reader(payload);
  let top: TopLevel;
  try {
    top = scanTopLevel(r);
  } catch (err) {
    // A field that runs to the end of the bytes and past it: the usual sign of a file cut short.
    if (err instanceof Truncated && r.pos >= payload.length - 10) throw new Truncated(ENDS_INSIDE_A_FIELD);
    throw err;
  }
  const strings = stringColumn(payload, top.strings);
  const { sampleTypes, periodType } = checkHeader(r, top, strings);
  const names = new NameTable();
  const functions = checkFunctions(r, top.functions, strings, names);
  const mappings = checkMappings(r, top.mappings, strings);
  const located = checkLocations(r, top.locations, mappings.lookup, functions, names);
  const { lookup: locations, frameStart, frames } = located;
  const sink = options.entities ? new SampleSink() : undefined;
  const samples = checkSamples(r, top.samples, sampleTypes.length, locations, strings, sink);
  const stacks = samples.stacks.finish();
  const typeNames = (vt: ValueTypeRef) => ({ type: strings.get(vt.type), unit: strings.get(vt.unit) });
  const types = sampleTypes.map(typeNames);
  const header: ProfileHeader = {
    sampleTypes: types,
    defaultSampleType: defaultSampleTypeOf(types, top.defaultSampleType === 0 ? undefined : strings.get(top.defaultSampleType)),
    periodType: periodType ? typeNames(periodType) : { type: "", unit: "" },
    period: Number(top.period),
    durationNanos: Number(top.durationNanos),
    timeNanos: Number(top.timeNanos),
    sampleCount: top.samples.length / 2,
    columnTotals: Array.from(stacks.totals),
    functionCount: top.functions.length / 2,
    hasStartLines: functions.hasStartLines,
  };
  const retainedBytes =
    frameStart.byteLength +
    frames.byteLength +
    stacks.stackStart.byteLength +
    stacks.stackLocs.byteLength +
    // values, then the per-type copies stackValues makes
    2 * stacks.values.byteLength +
    names.names.reduce((sum, name) => sum + 48 + 2 * name.length, 0);
  const table = { header, names: names.names, frameStart, frames, stacks };
  if (sink) {
    const entityHeader = { sampleTypes, periodType, period: top.period, timeNanos: top.timeNanos, durationNanos: top.durationNanos, comments: top.comments, defaultSampleType: top.defaultSampleType, dropFrames: top.dropFrames, keepFrames: top.keepFrames, docUrl: top.docUrl };
    const entities: ProfileEntities = { strings: strings.all(), header: entityHeader, mappings: mappings.entities, functions: functions.entities, locations: located.entities, samples: sink.finish() };
    return { ...table, retainedBytes, entities };
  }
  if (!samples.groups) throw new Error("a read without entities groups its samples");
  const detail = detailOf(strings, functions.entities, mappings.entities, located.entities, { groups: samples.groups, labels: samples.labels }, stacks);
  return { ...table, detail, retainedBytes: retainedBytes + detailBytes(detail) };
}

/** The detail the views read: the entity columns themselves (no copies), names as strings, the label groups. */
function detailOf(
  strings: StringColumn,
  functions: FunctionEntities,
  mappings: MappingColumns,
  locations: LocationColumns,
  samples: { groups: SampleGroupsBuilder; labels: LabelSetTable },
  stacks: Stacks,
): ProfileDetail {
  const functionName: string[] = new Array(functions.count);
  const functionFile: string[] = new Array(functions.count);
  for (let i = 0; i < functions.count; i++) {
    functionName[i] = strings.get(functions.name[i]) || strings.get(functions.systemName[i]);
    functionFile[i] = strings.get(functions.filename[i]);
  }
  const mappingFile: string[] = Array.from(mappings.filename, (index) => strings.get(index));
  return {
    functionName,
    functionFile,
    functionStartLine: functions.startLine,
    mappingFile,
    locationMapping: locations.mapping,
    locationAddress: locations.address,
    lineStart: locations.lineStart,
    lineFunction: locations.lineFunction,
    lineNumber: locations.line,
    groups: samples.groups.finish(stacks),
    labelSets: samples.labels.sets,
    numLabelUnits: samples.labels.numLabelUnits(),
  };
}

/** The StackIndex of a table (top, flame, peek and compare read it). */
export function indexOfTable(table: ProfileTable): StackIndex {
  return stackIndex(table.names, table.frameStart, table.frames, table.stacks, table.header.sampleTypes.length);
}
