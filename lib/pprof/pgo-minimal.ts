/**
 * Cut a profile down to what `go build -pgo` reads. Go's edge map uses only the two
 * innermost locations of each sample (see pgo-edges.ts), so keeping those two, dropping
 * labels, merging samples that became identical and pruning everything unreferenced leaves
 * the edge map unchanged while the file shrinks 10-100x. Addresses, lines, function names
 * and start lines are kept as they are (Go's graph nodes depend on them); ids are renumbered.
 */
import type { Numeric } from "./numbers";
import { int64 } from "./merge-int";
import { encodeProfileGzip } from "./merge";
import { StringTable, type ModelFunction, type ModelLocation, type ModelMapping, type ProfileModel } from "./profile-model";

/** Innermost locations Go's PGO reads per sample. */
export const PGO_LOCATIONS = 2;

/** The samples to trim: sample i's location ids (leaf first) and values. */
export interface SampleSource {
  count: number;
  locations(i: number): ArrayLike<Numeric>;
  values(i: number): ArrayLike<Numeric>;
}

function samplesOf(p: ProfileModel): SampleSource {
  return { count: p.sample.length, locations: (i) => p.sample[i].locationId, values: (i) => p.sample[i].value };
}

/** Entities by id: by position when the ids are 1..n in order (a merge's are), else through a Map. */
function byId<T extends { id: Numeric }>(list: T[]): { get(id: number): T | undefined } {
  if (list.every((e, i) => int64(e.id) === i + 1)) return { get: (id) => list[id - 1] };
  return new Map(list.map((e) => [int64(e.id), e]));
}

/** Keep the `PGO_LOCATIONS` innermost locations per sample, drop labels, merge, prune. */
export function trimForPgo(p: Omit<ProfileModel, "sample"> & Partial<Pick<ProfileModel, "sample">>, samples: SampleSource = samplesOf(p as ProfileModel)): ProfileModel {
  const strings = p.stringTable.strings;
  const table = new StringTable();
  const str = (i: Numeric): number => table.dedup(strings[int64(i)] ?? "");
  const nCols = p.sampleType.length;
  const sampleType = p.sampleType.map((st) => ({ type: str(st.type), unit: str(st.unit) }));

  const locById = byId(p.location);
  const fnById = byId(p.function);
  const mapById = byId(p.mapping);
  const newLoc = new Map<number, number>();
  const newFn = new Map<number, number>();
  const newMap = new Map<number, number>();
  const locations: ModelLocation[] = [];
  const functions: ModelFunction[] = [];
  const mappings: ModelMapping[] = [];

  const mapMapping = (id: number): number => {
    let out = newMap.get(id);
    if (out !== undefined) return out;
    const m = mapById.get(id);
    out = 0;
    if (m) {
      out = mappings.length + 1;
      mappings.push({
          id: out,
          memoryStart: m.memoryStart,
          memoryLimit: m.memoryLimit,
          fileOffset: m.fileOffset,
          filename: str(m.filename),
          buildId: str(m.buildId),
          hasFunctions: m.hasFunctions,
          hasFilenames: m.hasFilenames,
          hasLineNumbers: m.hasLineNumbers,
          hasInlineFrames: m.hasInlineFrames,
      });
    }
    newMap.set(id, out);
    return out;
  };
  const mapFunction = (id: number): number => {
    let out = newFn.get(id);
    if (out !== undefined) return out;
    const f = fnById.get(id);
    out = 0;
    if (f) {
      out = functions.length + 1;
      functions.push({ id: out, name: str(f.name), systemName: str(f.systemName), filename: str(f.filename), startLine: f.startLine });
    }
    newFn.set(id, out);
    return out;
  };
  const mapLocation = (id: number): number => {
    let out = newLoc.get(id);
    if (out !== undefined) return out;
    const l = locById.get(id);
    if (!l) throw new Error(`sample references missing location ${id}`);
    out = locations.length + 1;
    const mappingId = mapMapping(int64(l.mappingId));
    const line = l.line.map((ln) => ({ functionId: mapFunction(int64(ln.functionId)), line: ln.line, column: ln.column }));
    locations.push({ id: out, mappingId, address: l.address, line, isFolded: l.isFolded });
    newLoc.set(id, out);
    return out;
  };

  const { stacks, values } = trimSamples(samples, nCols, p.location.length + 1, mapLocation);

  const pt = p.periodType;
  return {
    sampleType,
    sample: stacks.map((locationId, i) => ({ locationId, value: values[i], label: [] })),
    mapping: mappings,
    location: locations,
    function: functions,
    stringTable: table,
    timeNanos: p.timeNanos,
    durationNanos: p.durationNanos,
    periodType: pt ? { type: str(pt.type), unit: str(pt.unit) } : undefined,
    period: p.period,
    comment: p.comment.map(str),
    defaultSampleType: str(p.defaultSampleType),
    dropFrames: 0,
    keepFrames: 0,
    docUrl: 0,
  };
}

/**
 * The samples cut to their `PGO_LOCATIONS` innermost locations (renumbered by `mapLocation`, new
 * ids below `idLimit`), all-zero ones dropped, equal ones summed in order of first appearance.
 */
function trimSamples(samples: SampleSource, nCols: number, idLimit: number, mapLocation: (id: number) => number): { stacks: number[][]; values: number[][] } {
  const byStack = new Map<number, number>();
  const stacks: number[][] = [];
  const values: number[][] = [];
  for (let si = 0; si < samples.count; si++) {
    const locationId = samples.locations(si);
    const value = samples.values(si);
    const n = Math.min(PGO_LOCATIONS, locationId.length);
    if (n === 0) continue;
    let zero = true;
    for (let k = 0; k < value.length && zero; k++) if (int64(value[k]) !== 0) zero = false;
    if (zero) continue;
    const a = mapLocation(int64(locationId[0]));
    const b = n > 1 ? mapLocation(int64(locationId[1])) : 0;
    const key = a * idLimit + b;
    const idx = byStack.get(key);
    if (idx === undefined) {
      byStack.set(key, stacks.length);
      stacks.push(n > 1 ? [a, b] : [a]);
      values.push(Array.from(value, (v) => int64(v)));
    } else {
      const acc = values[idx];
      for (let k = 0; k < nCols; k++) acc[k] += int64(value[k]);
    }
  }
  return { stacks, values };
}

export interface PgoTrimStats {
  samples: [before: number, after: number];
  locations: [before: number, after: number];
  functions: [before: number, after: number];
  /** Gzipped encoded size in bytes. */
  bytes: [before: number, after: number];
}

/** Sizes before and after trimForPgo, for reporting. */
export function pgoTrimStats(original: ProfileModel, trimmed: ProfileModel): PgoTrimStats {
  return {
    samples: [original.sample.length, trimmed.sample.length],
    locations: [original.location.length, trimmed.location.length],
    functions: [original.function.length, trimmed.function.length],
    bytes: [encodeProfileGzip(original).length, encodeProfileGzip(trimmed).length],
  };
}
