/**
 * The tests' oracle for the viewer's figures: a StackIndex built from a pprof-format-decoded
 * profile (object by object), beside the one the server builds from the wire (profile-table.ts),
 * and topTable / flameTree over it.
 */
import type { ProfileModel as Profile } from "../../lib/pprof/profile-model";
import { buildIdLookup } from "../../lib/pprof/id-lookup";
import { Int32List, NameTable, stackIndex, StackTableBuilder, type StackIndex } from "../../lib/pprof/stack-table";
import { toNumber, type Numeric } from "../../lib/pprof/numbers";
import { flameTreeOfIndex, type FlameTree, type FlameTreeOptions } from "../../lib/pprof/flame-tree";
import { topTableOfIndex, type TopTable } from "../../lib/pprof/top";
import { assertSampleTypeIndex } from "../../lib/pprof/sample-type";

/** Sample values are int64: pprof-format returns negative ones as unsigned bigints. */
export function toInt64Number(value: Numeric | undefined): number {
  if (typeof value === "number") return value;
  if (value === undefined) return 0;
  return Number(BigInt.asIntN(64, value));
}

const UNKNOWN_FUNCTION = "<unknown>";

function buildFrames(p: Profile) {
  const strings = p.stringTable.strings;
  const table = new NameTable();
  const nameId = (name: string) => table.id(name);

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
  const frames = new Int32List(nLoc * 2 + 1);
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
  return { names: table.names, frameStart, frames: frames.finish() };
}

/** The samples grouped by stack with StackTableBuilder, as the profile reader groups them. */
function buildStacks(p: Profile) {
  const nLoc = p.location.length;
  const nTypes = p.sampleType.length;
  const locationIds = buildIdLookup(p.location.map((l) => l.id));
  const builder = new StackTableBuilder(nTypes);
  let locs = new Int32Array(256);
  const values = new Float64Array(nTypes);
  for (const sample of p.sample) {
    const ids = sample.locationId;
    if (ids.length > locs.length) locs = new Int32Array(ids.length * 2);
    for (let k = 0; k < ids.length; k++) {
      const dense = locationIds.get(toNumber(ids[k]));
      // Ids that no location has: the pseudo-location after the last one.
      locs[k] = dense < 0 ? nLoc : dense;
    }
    for (let t = 0; t < nTypes; t++) values[t] = toInt64Number(sample.value[t]);
    builder.add(locs, ids.length, values);
  }
  return builder.finish();
}

function build(p: Profile): StackIndex {
  const { names, frameStart, frames } = buildFrames(p);
  return stackIndex(names, frameStart, frames, buildStacks(p), p.sampleType.length);
}

interface CacheEntry {
  index: StackIndex;
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
export function indexProfile(p: Profile): StackIndex {
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

/** The `go tool pprof -top` table of a decoded profile (topTableOfIndex over indexProfile). */
export function topTable(p: Profile, sampleTypeIndex: number): TopTable {
  assertSampleTypeIndex(p, sampleTypeIndex);
  return topTableOfIndex(indexProfile(p), sampleTypeIndex);
}

/** The flame graph's call tree of a decoded profile (flameTreeOfIndex over indexProfile). */
export function flameTree(p: Profile, sampleTypeIndex: number, options: FlameTreeOptions = {}): FlameTree {
  assertSampleTypeIndex(p, sampleTypeIndex);
  return flameTreeOfIndex(indexProfile(p), sampleTypeIndex, options);
}
