/**
 * One pass over a profile's protobuf bytes that checks it the way decodeProfile does (pprof-format's
 * decode, then findStructuralProblem in validate.ts: the same checks, in the same order, with the
 * same messages) and keeps only what a summary needs. No object per sample, location or string:
 * an upload of 500,000 samples is checked in a fraction of the time and memory of a full decode.
 */
import { buildIdLookup, type IdLookup } from "./id-lookup";
import { Reader, Truncated } from "./wire-reader";

/** The first inconsistency found, worded as findStructuralProblem words it. */
export class StructuralProblem extends Error {}

/** A sample type or period type: indexes into the string table. */
export interface ValueTypeRef {
  type: number;
  unit: number;
}

export interface ProfileFacts {
  /** The string at `index` ("" outside the table), decoded on demand. */
  string(index: number): string;
  sampleTypes: ValueTypeRef[];
  periodType: ValueTypeRef | undefined;
  period: number;
  durationNanos: number;
  timeNanos: number;
  /** String index of default_sample_type (0: none). */
  defaultSampleType: number;
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
  timeNanos: number;
  durationNanos: number;
  period: number;
  defaultSampleType: number;
  docUrl: number;
}

/** A varint field's value; anything but a varint is malformed. */
function varint(r: Reader, wireType: number): number {
  if (wireType !== VARINT) throw new Truncated();
  return r.uint();
}

/** An int64 varint field's value (two's complement); anything but a varint is malformed. */
function int64(r: Reader, wireType: number): number {
  if (wireType !== VARINT) throw new Truncated();
  return r.int64();
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
    timeNanos: 0,
    durationNanos: 0,
    period: 0,
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
  onOtherField?: (field: number, wireType: number) => boolean,
): IdLookup {
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
      else if (stringFields.includes(field)) strings.push(varint(r, wireType));
      else return onOtherField?.(field, wireType) ?? false;
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
  return lookup;
}

function checkLocations(r: Reader, ranges: Ranges, mappings: IdLookup, functions: IdLookup): IdLookup {
  const n = ranges.length / 2;
  const ids: number[] = new Array(n);
  const mappingIds = new Float64Array(n);
  // Function ids of every line, location by location.
  const lineFunctions: number[] = [];
  const lineStarts = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let id = 0;
    let mappingId = 0;
    lineStarts[i] = lineFunctions.length;
    forEachField(r, ranges[2 * i], ranges[2 * i + 1], VARINT_FIELDS.location, (field, wireType) => {
      if (field === 1) id = varint(r, wireType);
      else if (field === 2) mappingId = varint(r, wireType);
      else if (field === 4) {
        if (wireType !== LENGTH_DELIMITED) throw new Truncated();
        const lineEnd = r.uint() + r.pos;
        if (lineEnd > r.buf.length) throw new Truncated();
        let functionId = 0;
        forEachField(r, r.pos, lineEnd, VARINT_FIELDS.line, (lineField, lineWireType) => {
          if (lineField !== 1) return false;
          functionId = varint(r, lineWireType);
          return true;
        });
        lineFunctions.push(functionId);
      } else return false;
      return true;
    });
    ids[i] = id;
    mappingIds[i] = mappingId;
  }
  lineStarts[n] = lineFunctions.length;
  const lookup = buildIdLookup(ids);
  if (lookup.duplicates.length > 0) throw new StructuralProblem(`location id ${lookup.duplicates[0]} is used twice`);
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (id === 0) throw new StructuralProblem("a location has id 0");
    const mappingId = mappingIds[i];
    if (mappingId !== 0 && mappings.get(mappingId) < 0) throw new StructuralProblem(`location ${id} refers to missing mapping ${mappingId}`);
    for (let k = lineStarts[i]; k < lineStarts[i + 1]; k++) {
      const fid = lineFunctions[k];
      if (fid !== 0 && functions.get(fid) < 0) throw new StructuralProblem(`location ${id} refers to missing function ${fid}`);
    }
  }
  return lookup;
}

/** Checks every sample and sums its values per column (int64s); the hot loop of an upload. */
function checkSamples(r: Reader, ranges: Ranges, nTypes: number, locations: IdLookup, badString: (index: number) => boolean): number[] {
  const totals = new Array<number>(nTypes).fill(0);
  const values = new Float64Array(Math.max(nTypes, 16));
  const buf = r.buf;
  const n = ranges.length / 2;
  for (let s = 0; s < n; s++) {
    const end = ranges[2 * s + 1];
    r.pos = ranges[2 * s];
    let nValues = 0;
    // The first missing location, checked after the number of values (the order of the checks).
    let missingLocation = -1;
    let badLabel = false;
    while (r.pos < end) {
      const tag = buf[r.pos] < 0x80 ? buf[r.pos++] : r.uint();
      if (tag === 0x0a || tag === 0x08) {
        // location_id, packed or not
        const packedEnd = tag === 0x0a ? r.uint() + r.pos : r.pos + 1;
        if (packedEnd > end) throw new Truncated();
        while (r.pos < packedEnd) {
          const id = r.uint();
          if (missingLocation < 0 && locations.get(id) < 0) missingLocation = id;
          if (tag === 0x08) break;
        }
        if (tag === 0x0a && r.pos !== packedEnd) throw new Truncated();
      } else if (tag === 0x12 || tag === 0x10) {
        // value, packed or not
        const packedEnd = tag === 0x12 ? r.uint() + r.pos : r.pos + 1;
        if (packedEnd > end) throw new Truncated();
        while (r.pos < packedEnd) {
          const v = r.int64();
          if (nValues < values.length) values[nValues] = v;
          nValues++;
          if (tag === 0x10) break;
        }
        if (tag === 0x12 && r.pos !== packedEnd) throw new Truncated();
      } else if (tag === 0x1a) {
        // label: key, str and num_unit name strings
        const labelEnd = r.uint() + r.pos;
        if (labelEnd > end) throw new Truncated();
        forEachField(r, r.pos, labelEnd, VARINT_FIELDS.label, (field, wireType) => {
          if (field === 1 || field === 2 || field === 4) {
            if (badString(varint(r, wireType))) badLabel = true;
            return true;
          }
          return false;
        });
      } else {
        // Fields 1-3 in another wire type are malformed; others are passed over.
        if (tag >>> 3 >= 1 && tag >>> 3 <= 3) throw new Truncated();
        r.skip(tag & 7);
      }
    }
    if (r.pos !== end) throw new Truncated();
    if (nValues !== nTypes) {
      throw new StructuralProblem(`sample ${s} has ${nValues} values but the profile declares ${nTypes} sample types`);
    }
    if (missingLocation >= 0) throw new StructuralProblem(`sample ${s} refers to missing location ${missingLocation}`);
    if (badLabel) throw new StructuralProblem(`sample ${s} has a label naming a string outside the string table`);
    for (let t = 0; t < nTypes; t++) totals[t] += values[t];
  }
  return totals;
}

/**
 * Checks a profile's protobuf bytes (not gzipped) and reads its facts. Throws Truncated for bytes
 * that are not well-formed protobuf, StructuralProblem for the first inconsistency.
 */
export function checkProfile(payload: Uint8Array): ProfileFacts {
  const r = new Reader(payload);
  let top: TopLevel;
  try {
    top = scanTopLevel(r);
  } catch (err) {
    // A field that runs to the end of the bytes and past it: the usual sign of a file cut short.
    if (err instanceof Truncated && r.pos >= payload.length - 10) throw new Truncated(ENDS_INSIDE_A_FIELD);
    throw err;
  }

  // pprof-format's table when the profile has none: [""].
  const stringCount = Math.max(1, top.strings.length / 2);
  const decoder = new TextDecoder();
  const string = (index: number) =>
    top.strings.length === 0 ? "" : index >= 0 && index < stringCount ? decoder.decode(payload.subarray(top.strings[2 * index], top.strings[2 * index + 1])) : "";
  if (top.strings.length > 0 && top.strings[1] !== top.strings[0]) throw new StructuralProblem('its string table does not start with ""');
  const badString = (index: number) => !(index >= 0 && index < stringCount);

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

  let hasStartLines = false;
  const functions = checkEntities(r, top.functions, "function", [2, 3, 4], badString, (field, wireType) => {
    if (field !== 5) return false;
    if (varint(r, wireType) !== 0) hasStartLines = true;
    return true;
  });
  const mappings = checkEntities(r, top.mappings, "mapping", [5, 6], badString);
  const locations = checkLocations(r, top.locations, mappings, functions);
  const columnTotals = checkSamples(r, top.samples, sampleTypes.length, locations, badString);

  return {
    string,
    sampleTypes,
    periodType,
    period: top.period,
    durationNanos: top.durationNanos,
    timeNanos: top.timeNanos,
    defaultSampleType: top.defaultSampleType,
    sampleCount: top.samples.length / 2,
    columnTotals,
    functionCount: top.functions.length / 2,
    hasStartLines,
  };
}
