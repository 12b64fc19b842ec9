/**
 * What pprof's filters and granularities need beyond the profile table (profile-table.ts): each
 * location's mapping file and lines (function name, file name, line number, start line), and
 * each sample's own locations, values and labels. Read from a decoded Profile, only when a view
 * asks for a filter, a granularity other than functions, or the labels.
 */
import type { Profile } from "pprof-format";
import { buildIdLookup } from "./id-lookup";
import { toNumber } from "./numbers";
import { toInt64Number } from "./profile-index";
import type { SampleTypeName } from "./sample-type";
import { StackTableBuilder } from "./stack-table";

/** One line of a location (a frame): innermost first, as in the profile. */
export interface DetailLine {
  /** Function name, or its system name when it has none; "" for a line without a function. */
  name: string;
  file: string;
  line: number;
  startLine: number;
  hasFunction: boolean;
}

export interface DetailLocation {
  /** The file of the binary or library the location is in (undefined when unmapped). */
  mappingFile: string | undefined;
  address: bigint;
  lines: DetailLine[];
}

/** A sample's labels: string labels as [key, value], numeric ones as [key, value, unit]. */
export interface LabelSet {
  str: [string, string][];
  num: [string, number, string][];
}

export interface ProfileDetail {
  sampleTypes: SampleTypeName[];
  locations: DetailLocation[];
  /**
   * The profile's samples grouped by locations and labels (values summed), which every report here
   * counts alike: "sample" i below is such a group. Its locations (dense indexes, leaf first) are
   * sampleLocs[sampleStart[i] .. sampleStart[i+1]).
   */
  sampleStart: Int32Array;
  sampleLocs: Int32Array;
  sampleCount: number;
  /** values[sample * sampleTypes.length + t]. */
  values: Float64Array;
  /** The label set of each sample (index into labelSets; 0 is the empty set). */
  sampleLabelSet: Int32Array;
  labelSets: LabelSet[];
  /** The unit of each numeric label key, as pprof infers it (NumLabelUnits). */
  numLabelUnits: Map<string, string>;
  /** pprof's total per sample type: the sum of the absolute values. */
  absTotals: number[];
}

function readLocations(p: Profile): DetailLocation[] {
  const strings = p.stringTable.strings;
  const str = (i: unknown) => strings[toNumber(i as number)] ?? "";
  const functions = buildIdLookup(p.function.map((f) => toNumber(f.id)));
  const mappings = buildIdLookup(p.mapping.map((m) => toNumber(m.id)));
  return p.location.map((loc) => {
    const mi = toNumber(loc.mappingId) === 0 ? -1 : mappings.get(toNumber(loc.mappingId));
    const lines = loc.line.map((ln): DetailLine => {
      const fi = toNumber(ln.functionId) === 0 ? -1 : functions.get(toNumber(ln.functionId));
      const fn = fi >= 0 ? p.function[fi] : undefined;
      return {
        name: fn ? str(fn.name) || str(fn.systemName) : "",
        file: fn ? str(fn.filename) : "",
        line: toNumber(ln.line),
        startLine: fn ? toNumber(fn.startLine) : 0,
        hasFunction: fn !== undefined,
      };
    });
    return { mappingFile: mi >= 0 ? str(p.mapping[mi].filename) : undefined, address: BigInt(loc.address), lines };
  });
}

/** Interns each sample's labels; records numeric label units. */
class LabelSets {
  readonly sets: LabelSet[] = [{ str: [], num: [] }];
  private readonly ids = new Map<string, number>([["\u0003", 0]]);
  readonly units = new Map<string, string>();
  private readonly keys = new Set<string>();

  id(set: LabelSet): number {
    let key = "";
    for (const [k, v] of set.str) key += `${k}\u0001${v}\u0002`;
    key += "\u0003";
    for (const [k, v, u] of set.num) key += `${k}\u0001${v}\u0001${u}\u0002`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.ids.set(key, id);
    }
    return id;
  }

  noteNumeric(key: string, unit: string): void {
    this.keys.add(key);
    if (unit !== "" && !this.units.has(key)) this.units.set(key, unit);
  }

  /** pprof's NumLabelUnits: the first unit given, else bytes for alignment and request, else the key. */
  finishUnits(): Map<string, string> {
    for (const key of this.keys) {
      if (!this.units.has(key)) this.units.set(key, key === "alignment" || key === "request" ? "bytes" : key);
    }
    return this.units;
  }
}

/** A sample's label set id (0: none). */
function labelSetOf(labels: Profile["sample"][number]["label"], str: (i: unknown) => string, sets: LabelSets): number {
  if (labels.length === 0) return 0;
  const set: LabelSet = { str: [], num: [] };
  for (const label of labels) {
    const key = str(label.key);
    if (toNumber(label.str) !== 0) set.str.push([key, str(label.str)]);
    else {
      const unit = str(label.numUnit);
      sets.noteNumeric(key, unit);
      set.num.push([key, toInt64Number(label.num), unit]);
    }
  }
  return sets.id(set);
}

export function detailOfProfile(p: Profile): ProfileDetail {
  const strings = p.stringTable.strings;
  const str = (i: unknown) => strings[toNumber(i as number)] ?? "";
  const locations = readLocations(p);
  const locationIndex = buildIdLookup(p.location.map((l) => toNumber(l.id)));
  const nTypes = p.sampleType.length;
  const absTotals = new Array<number>(nTypes).fill(0);
  const labelSets = new LabelSets();
  // Samples with the same locations and labels are one group: the label set rides as a last
  // pseudo-location (locations.length + its id) through the stack table's grouping.
  const groups = new StackTableBuilder(nTypes);
  let locs = new Int32Array(256);
  const values = new Float64Array(nTypes);
  for (const s of p.sample) {
    const depth = s.locationId.length;
    if (depth + 1 > locs.length) locs = new Int32Array(2 * (depth + 1));
    for (let k = 0; k < depth; k++) locs[k] = locationIndex.get(toNumber(s.locationId[k]));
    locs[depth] = locations.length + labelSetOf(s.label, str, labelSets);
    for (let t = 0; t < nTypes; t++) {
      values[t] = toInt64Number(s.value[t]);
      absTotals[t] += Math.abs(values[t]);
    }
    groups.add(locs, depth + 1, values);
  }
  const g = groups.finish();
  const n = g.stackCount;
  const sampleStart = new Int32Array(n + 1);
  const sampleLocs = new Int32Array(g.stackLocs.length - n);
  const sampleLabelSet = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    sampleStart[i] = at;
    const last = g.stackStart[i + 1] - 1;
    sampleLocs.set(g.stackLocs.subarray(g.stackStart[i], last), at);
    at += last - g.stackStart[i];
    sampleLabelSet[i] = g.stackLocs[last] - locations.length;
  }
  sampleStart[n] = at;
  return {
    sampleTypes: p.sampleType.map((vt) => ({ type: str(vt.type), unit: str(vt.unit) })),
    locations,
    sampleStart,
    sampleLocs,
    sampleCount: n,
    values: g.values,
    sampleLabelSet,
    labelSets: labelSets.sets,
    numLabelUnits: labelSets.finishUnits(),
    absTotals,
  };
}
