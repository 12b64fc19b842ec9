/**
 * Known PGO inlining hazards and datadog-pgo's guard against them.
 *
 * With a profile, `go build -pgo` gives hot callees an inlining budget of 2000 instead of
 * 80. Two functions are known to misbehave when inlined that way:
 * - `runtime.gopark`: inlining it into hot callers led to deadlocks (golang/go#74045);
 * - grpc's `(*loopyWriter).processData` (google.golang.org/grpc/internal/transport):
 *   inlining blew up its frame and the memory of every goroutine running it
 *   (golang/go#65532).
 *
 * What datadog-pgo does (pgo/noinline.go, ApplyNoInlineHack, run on the merged profile
 * before writing default.pgo): for every sample it takes the leaf frame
 * (Location[0].Line[0]); when that frame's function name is exactly one of the two names
 * above, it renames the function to "DO NOT INLINE: " + name. The Function entry is shared,
 * so the new name applies wherever the function appears. The compiler finds hot callees
 * by looking up the callee names of hot edges among its IR functions; "DO NOT INLINE: ..."
 * matches none, so the function is never a hot callee, CanInline keeps the normal budget
 * (80) for it, and a function costlier than that is not inlinable at all, even at call
 * sites that are hot. Other functions and all edge weights are untouched. guardHazards does the same, matching names by suffix (so a
 * vendored or forked grpc path matches too) and leaving already-renamed functions alone.
 */
import type { Numeric } from "./numbers";
import { int64 } from "./merge-int";
import type { ProfileModel } from "./profile-model";
import { hotEdges, pgoEdgeMap, pgoSampleIndex } from "./pgo-edges";

export const DO_NOT_INLINE_PREFIX = "DO NOT INLINE: ";

export interface PgoHazard {
  id: "runtime-gopark" | "grpc-loopy-process-data";
  /** Matched against function names: equal, or preceded by "." or "/". */
  suffix: string;
  issue: string;
  description: string;
}

export const PGO_HAZARDS: PgoHazard[] = [
  {
    id: "runtime-gopark",
    suffix: "runtime.gopark",
    issue: "golang/go#74045",
    description: "PGO-driven inlining of runtime.gopark can deadlock",
  },
  {
    id: "grpc-loopy-process-data",
    suffix: "(*loopyWriter).processData",
    issue: "golang/go#65532",
    description: "PGO-driven inlining of grpc's loopyWriter.processData grows goroutine stacks and memory",
  },
];

export function hazardOf(name: string): PgoHazard | undefined {
  return PGO_HAZARDS.find((h) => {
    if (name === h.suffix) return true;
    if (!name.endsWith(h.suffix)) return false;
    const before = name[name.length - h.suffix.length - 1];
    return before === "." || before === "/";
  });
}

export interface HazardFinding {
  hazard: PgoHazard;
  functionName: string;
  /** Value (PGO sample column) of samples whose leaf frame is this function. */
  leafWeight: number;
  /** Weight of PGO edges into it, and of those that are hot (cdf 99). */
  edgeWeight: number;
  hotEdgeWeight: number;
  /** guardHazards would rename it (it is the leaf frame of some sample). */
  guardable: boolean;
}

type Profile = ProfileModel;

/** Function ids of Location[0].Line[0] of the samples whose leaf location ids are given. */
function leafFunctionIds(p: Omit<Profile, "sample">, leafLocations: Iterable<Numeric>): Set<number> {
  const loc = new Map(p.location.map((l) => [int64(l.id), l]));
  const ids = new Set<number>();
  for (const id of leafLocations) {
    const first = loc.get(int64(id));
    if (first && first.line.length > 0) ids.add(int64(first.line[0].functionId));
  }
  return ids;
}

function* leafLocationsOf(p: Profile): Iterable<Numeric> {
  for (const s of p.sample) if (s.locationId.length > 0) yield s.locationId[0];
}

/** Hazardous functions present in a profile, heaviest first. */
export function detectHazards(p: Profile, cdfPercent = 99): HazardFinding[] {
  const strings = p.stringTable.strings;
  const leaves = leafFunctionIds(p, leafLocationsOf(p));
  const byName = new Map<string, HazardFinding>();
  for (const f of p.function) {
    const name = strings[int64(f.name)] ?? "";
    const hazard = hazardOf(name);
    if (!hazard) continue;
    const found = byName.get(name) ?? { hazard, functionName: name, leafWeight: 0, edgeWeight: 0, hotEdgeWeight: 0, guardable: false };
    found.guardable ||= leaves.has(int64(f.id));
    byName.set(name, found);
  }
  if (byName.size === 0) return [];
  const col = pgoSampleIndex(p);
  if (col >= 0) {
    const fnName = new Map(p.function.map((f) => [int64(f.id), strings[int64(f.name)] ?? ""]));
    const loc = new Map(p.location.map((l) => [int64(l.id), l]));
    for (const s of p.sample) {
      const first = s.locationId.length > 0 ? loc.get(int64(s.locationId[0])) : undefined;
      const leaf = first && first.line.length > 0 ? fnName.get(int64(first.line[0].functionId)) : undefined;
      const hit = leaf === undefined ? undefined : byName.get(leaf);
      if (hit) hit.leafWeight += int64(s.value[col]);
    }
    const edges = pgoEdgeMap(p);
    const hot = new Set(hotEdges(edges, cdfPercent).edges.map((e) => `${e.caller}\u0000${e.offset}\u0000${e.callee}`));
    addEdgeWeights(byName, edges.edges, (e) => e[1].callee, (e) => e[1].weight, (e) => hot.has(e[0]));
  }
  return [...byName.values()].sort((a, b) => b.edgeWeight + b.leafWeight - (a.edgeWeight + a.leafWeight));
}

/**
 * Adds to each function of `into` (by name) the weight of the call edges into it, and of those that
 * are hot: what detectHazards and the merge preview report for a hazard.
 */
export function addEdgeWeights<E>(
  into: Map<string, { edgeWeight: number; hotEdgeWeight: number }>,
  edges: Iterable<E>,
  calleeOf: (e: E) => string,
  weightOf: (e: E) => number,
  isHot: (e: E) => boolean,
): void {
  for (const e of edges) {
    const hit = into.get(calleeOf(e));
    if (!hit) continue;
    const w = weightOf(e);
    hit.edgeWeight += w;
    if (isHot(e)) hit.hotEdgeWeight += w;
  }
}

/**
 * datadog-pgo's no-inline guard: rename every hazardous function that is the leaf frame of
 * some sample to "DO NOT INLINE: <name>". Mutates `p` (its function table and string table,
 * like datadog-pgo) and returns it; idempotent.
 */
export function guardHazards<P extends Omit<Profile, "sample">>(p: P, leafLocations: Iterable<Numeric> = leafLocationsOf(p as unknown as Profile)): P {
  const strings = p.stringTable.strings;
  const leaves = leafFunctionIds(p, leafLocations);
  p.function = p.function.map((f) => {
    const name = strings[int64(f.name)] ?? "";
    if (!leaves.has(int64(f.id)) || !hazardOf(name)) return f;
    return { id: f.id, name: p.stringTable.dedup(DO_NOT_INLINE_PREFIX + name), systemName: f.systemName, filename: f.filename, startLine: f.startLine };
  });
  return p;
}
