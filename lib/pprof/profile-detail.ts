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
  /** Locations of sample i (dense indexes, leaf first): sampleLocs[sampleStart[i] .. sampleStart[i+1]). */
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
  private readonly ids = new Map<string, number>([["[[],[]]", 0]]);
  readonly units = new Map<string, string>();
  private readonly keys = new Set<string>();

  id(set: LabelSet): number {
    const key = JSON.stringify([set.str, set.num]);
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

export function detailOfProfile(p: Profile): ProfileDetail {
  const strings = p.stringTable.strings;
  const str = (i: unknown) => strings[toNumber(i as number)] ?? "";
  const locations = readLocations(p);
  const locationIndex = buildIdLookup(p.location.map((l) => toNumber(l.id)));
  const nTypes = p.sampleType.length;
  const n = p.sample.length;
  const sampleStart = new Int32Array(n + 1);
  const locs: number[] = [];
  const values = new Float64Array(n * nTypes);
  const sampleLabelSet = new Int32Array(n);
  const absTotals = new Array<number>(nTypes).fill(0);
  const labelSets = new LabelSets();
  p.sample.forEach((s, i) => {
    sampleStart[i] = locs.length;
    for (const id of s.locationId) locs.push(locationIndex.get(toNumber(id)));
    for (let t = 0; t < nTypes; t++) {
      const v = toInt64Number(s.value[t]);
      values[i * nTypes + t] = v;
      absTotals[t] += Math.abs(v);
    }
    if (s.label.length === 0) return;
    const set: LabelSet = { str: [], num: [] };
    for (const label of s.label) {
      const key = str(label.key);
      if (toNumber(label.str) !== 0) set.str.push([key, str(label.str)]);
      else {
        const unit = str(label.numUnit);
        labelSets.noteNumeric(key, unit);
        set.num.push([key, toInt64Number(label.num), unit]);
      }
    }
    sampleLabelSet[i] = labelSets.id(set);
  });
  sampleStart[n] = locs.length;
  return {
    sampleTypes: p.sampleType.map((vt) => ({ type: str(vt.type), unit: str(vt.unit) })),
    locations,
    sampleStart,
    sampleLocs: Int32Array.from(locs),
    sampleCount: n,
    values,
    sampleLabelSet,
    labelSets: labelSets.sets,
    numLabelUnits: labelSets.finishUnits(),
    absTotals,
  };
}
