/**
 * The call-edge map `go build -pgo` builds from a profile (Go 1.21+; today
 * cmd/internal/pgo FromPProf + createNamedEdgeMap over internal/profile's NewGraph), and
 * its hot call sites (cmd/compile/internal/inline hotNodesFromCDF).
 *
 * Go's graph, reproduced literally:
 * - one node per (function name, location address, Function.start_line, line) of each
 *   location line; a location without lines, or a line without function, is an
 *   address-only node with an empty name;
 * - per sample with a non-zero value, only the two innermost locations are walked, from
 *   the caller's outermost inlined frame to the leaf's innermost one; every step from a node
 *   to a different node adds the sample's value to that node pair's edge, once per sample
 *   (pprof's seenNode/seenEdge rule);
 * - nodes whose cumulative and flat values are both 0 are dropped with their out-edges;
 * - edges are then summed per (caller name, call line - caller's start_line, callee name).
 * So "each sample adds its value to each distinct edge once" holds per node pair; two
 * different node pairs of one sample with the same names and offset (recursion through
 * inlining: gdu.default.pgo's (*Dir).GetItemStats -> (*Dir).UpdateStats gets 177, not 140)
 * both count, as in Go.
 *
 * Uncertainty: checked against the Go source as of Go 1.22-1.25 (cmd/internal/pgo/pprof.go,
 * internal/profile/graph.go). Go 1.21 kept the same walk in cmd/compile/internal/pgo but
 * built its edge weights through its own NodeMap; the resulting weights are the same.
 */
import type { ProfileModel as Profile } from "./profile-model";
import { int64 } from "./merge-int";
import { pgoSampleTypeOf } from "./sample-type";

export interface PgoEdge {
  caller: string;
  callee: string;
  /** Call line minus the caller's Function.start_line. */
  offset: number;
  weight: number;
}

export interface PgoEdgeMap {
  /** "samples/count" or "cpu/nanoseconds": the column Go reads. */
  sampleType: string;
  sampleIndex: number;
  /** Sum of all edge weights (Go's TotalWeight). */
  totalWeight: number;
  /** Keyed by edgeKey(caller, offset, callee). */
  edges: Map<string, PgoEdge>;
  /** No function reached by an edge walk has a start line: `go build` refuses the profile. */
  missingStartLine: boolean;
  /** Go's error message when `go build -pgo` would fail on this profile. */
  error?: string;
  /** Go accepts the profile but ignores it (no samples or zero total weight). */
  empty: boolean;
}

/** Go's messages, verbatim (the stray quote after nanoseconds is in Go's source). */
export const PGO_NO_SAMPLE_TYPE = 'profile does not contain a sample index with value/type "samples/count" or cpu/nanoseconds"';
export const PGO_MISSING_START_LINE =
  "profile missing Function.start_line data (Go version of profiled application too old? Go 1.20+ automatically adds this to profiles)";

/** Thrown when `go build -pgo` could not use the profile at all. */
export class PgoProfileError extends Error {
  constructor(
    readonly reason: "no-sample-type",
    message: string,
  ) {
    super(message);
    this.name = "PgoProfileError";
  }
}

export function edgeKey(caller: string, offset: number, callee: string): string {
  return `${caller}\u0000${offset}\u0000${callee}`;
}

/** Nodes of Go's graph for the locations samples touch, built lazily. */
class NodeTable {
  readonly name: string[] = [];
  readonly startLine: number[] = [];
  readonly lineno: number[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byLocation = new Map<number, Int32Array>();
  private readonly locations: Map<number, Profile["location"][number]>;
  private readonly functions: Map<number, Profile["function"][number]>;

  constructor(private readonly p: Profile) {
    this.locations = new Map(p.location.map((l) => [int64(l.id), l]));
    this.functions = new Map(p.function.map((f) => [int64(f.id), f]));
  }

  private node(name: string, address: string, startLine: number, lineno: number): number {
    const key = `${name}\u0000${address}\u0000${startLine}\u0000${lineno}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.name.length;
      this.name.push(name);
      this.startLine.push(startLine);
      this.lineno.push(lineno);
      this.byKey.set(key, id);
    }
    return id;
  }

  /** Node ids of a location, innermost line first (Go's locationMap). */
  of(locationId: number): Int32Array {
    let nodes = this.byLocation.get(locationId);
    if (nodes) return nodes;
    const loc = this.locations.get(locationId);
    const strings = this.p.stringTable.strings;
    const address = loc ? BigInt(loc.address).toString() : "0";
    const lines = loc && loc.line.length > 0 ? loc.line : [undefined];
    nodes = new Int32Array(lines.length);
    lines.forEach((ln, i) => {
      const fn = ln ? this.functions.get(int64(ln.functionId)) : undefined;
      nodes![i] = fn
        ? this.node(strings[int64(fn.name)] ?? "", address, int64(fn.startLine), int64(ln!.line))
        : this.node("", address, 0, 0);
    });
    this.byLocation.set(locationId, nodes);
    return nodes;
  }
}

/** Column Go's PGO reads, or -1. */
export function pgoSampleIndex(p: Profile): number {
  const s = p.stringTable.strings;
  return pgoSampleTypeOf(p.sampleType.map((st) => ({ type: s[int64(st.type)] ?? "", unit: s[int64(st.unit)] ?? "" })));
}

/** Build the edge map `go build -pgo` would use. Throws PgoProfileError when Go would. */
export function pgoEdgeMap(p: Profile): PgoEdgeMap {
  const empty = (sampleType: string, sampleIndex: number): PgoEdgeMap => ({
    sampleType,
    sampleIndex,
    totalWeight: 0,
    edges: new Map(),
    missingStartLine: false,
    empty: true,
  });
  if (p.sample.length === 0) return empty("", -1);
  const col = pgoSampleIndex(p);
  if (col < 0) throw new PgoProfileError("no-sample-type", PGO_NO_SAMPLE_TYPE);
  const s = p.stringTable.strings;
  const sampleType = `${s[int64(p.sampleType[col].type)]}/${s[int64(p.sampleType[col].unit)]}`;

  const nodes = new NodeTable(p);
  const cum: number[] = [];
  const flat: number[] = [];
  const pairWeight = new Map<number, number>();
  const PAIR = 2 ** 26;
  const seenNodes: number[] = [];
  const seenEdges: number[] = [];
  for (const sample of p.sample) {
    const w = int64(sample.value[col]);
    if (w === 0) continue;
    seenNodes.length = 0;
    seenEdges.length = 0;
    let parent = -1;
    const ids = sample.locationId;
    for (let i = Math.min(1, ids.length - 1); i >= 0; i--) {
      const locNodes = nodes.of(int64(ids[i]));
      for (let ni = locNodes.length - 1; ni >= 0; ni--) {
        const n = locNodes[ni];
        const sawNode = seenNodes.includes(n);
        if (!sawNode) {
          seenNodes.push(n);
          cum[n] = (cum[n] ?? 0) + w;
        }
        if (parent !== -1 && n !== parent) {
          const pair = parent * PAIR + n;
          if (!sawNode || !seenEdges.includes(pair)) {
            seenEdges.push(pair);
            pairWeight.set(pair, (pairWeight.get(pair) ?? 0) + w);
          }
        }
        parent = n;
      }
    }
    if (parent !== -1) flat[parent] = (flat[parent] ?? 0) + w;
  }

  const selected = (n: number) => (cum[n] ?? 0) !== 0 || (flat[n] ?? 0) !== 0;
  let seenStartLine = false;
  for (let n = 0; n < nodes.name.length; n++) if (selected(n) && nodes.startLine[n] !== 0) seenStartLine = true;
  const edges = new Map<string, PgoEdge>();
  let totalWeight = 0;
  for (const [pair, w] of pairWeight) {
    const from = Math.floor(pair / PAIR);
    if (!selected(from)) continue;
    const to = pair - from * PAIR;
    const caller = nodes.name[from];
    const callee = nodes.name[to];
    const offset = nodes.lineno[from] - nodes.startLine[from];
    const key = edgeKey(caller, offset, callee);
    const e = edges.get(key);
    if (e) e.weight += w;
    else edges.set(key, { caller, callee, offset, weight: w });
    totalWeight += w;
  }
  const missingStartLine = !seenStartLine;
  return {
    sampleType,
    sampleIndex: col,
    totalWeight,
    edges,
    missingStartLine,
    error: missingStartLine ? PGO_MISSING_START_LINE : undefined,
    empty: totalWeight === 0 && !missingStartLine,
  };
}

/** cmd/internal/pgo WeightInPercentage: a weight as a percentage of the total, as the compiler prints it. */
export function weightInPercentage(weight: number, total: number): number {
  return total > 0 ? (weight / total) * 100 : 0;
}

/** Go's order: weight descending, then caller, callee, offset ascending. */
export function compareEdges(a: PgoEdge, b: PgoEdge): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  if (a.caller !== b.caller) return a.caller < b.caller ? -1 : 1;
  if (a.callee !== b.callee) return a.callee < b.callee ? -1 : 1;
  return a.offset - b.offset;
}

export interface HotEdges {
  sampleType: string;
  totalWeight: number;
  cdfPercent: number;
  /** Weight of the last hot edge (the one that crosses the CDF threshold); 0 when none crosses. */
  thresholdWeight: number;
  /** The same as a percentage of the total (Go's inlineHotCallSiteThresholdPercent). */
  thresholdPercent: number;
  /** Hot call edges, heaviest first. */
  edges: PgoEdge[];
  missingStartLine: boolean;
  error?: string;
}

/**
 * Go's hot call sites (hotNodesFromCDF): edges in compareEdges order, taken until the
 * cumulative weight exceeds cdfPercent of the total, including the edge that crosses it
 * (`-d=pgoinlinecdfthreshold`, default 99). If none crosses, every edge is hot.
 */
export function hotEdges(m: PgoEdgeMap, cdfPercent = 99): HotEdges {
  const sorted = [...m.edges.values()].sort(compareEdges);
  const pct = (w: number) => weightInPercentage(w, m.totalWeight);
  let edges = sorted;
  let thresholdWeight = 0;
  let thresholdPercent = 0;
  let cum = 0;
  for (let i = 0; i < sorted.length; i++) {
    cum += sorted[i].weight;
    if (pct(cum) > cdfPercent) {
      edges = sorted.slice(0, i + 1);
      thresholdWeight = sorted[i].weight;
      thresholdPercent = pct(thresholdWeight);
      break;
    }
  }
  return {
    sampleType: m.sampleType,
    totalWeight: m.totalWeight,
    cdfPercent,
    thresholdWeight,
    thresholdPercent,
    edges: edges.map((e) => ({ ...e })),
    missingStartLine: m.missingStartLine,
    error: m.error,
  };
}
