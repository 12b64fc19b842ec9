/**
 * What a merge preview needs from one stored profile, read once from its bytes and kept
 * in typed arrays: the merge header (for pprof's compatibility rules), and for every
 * sample only its two innermost locations (all `go build -pgo` reads, see
 * lib/pprof/pgo-edges.ts) and its values. Samples with the same two innermost locations
 * and the same values are one row with a count, so a 500k-sample profile shrinks to its
 * distinct (call pair, value) rows.
 *
 * Per pair of locations the walk of Go's graph is done once here: the distinct graph
 * nodes (name, address, start line, line), the node that gets the flat value, and the
 * distinct node-to-node edges. A merged edge map is then a weighted sum over pairs
 * (merged-edges.ts), which equals pgoEdgeMap of the merged file (checked in the tests).
 */
import { gunzip } from "node:zlib";
import { promisify } from "node:util";
import { int64 } from "../pprof/merge-int";
import { headerSource, type MergeHeaderSource, type SourceValueType } from "../pprof/merge-headers";
import { readMergeInput } from "../pprof/merge";
import type { Numeric } from "../pprof/numbers";
import type { FullProfileTable } from "../pprof/profile-table";
import { HttpError } from "../http/errors";
import { edgeKey } from "../pprof/pgo-edges";
import { Int32List as Growable } from "../pprof/stack-table";
import { Float64List } from "../pprof/profile-entities";
import { fmix, TripleIds } from "./triple-ids";

const gunzipAsync = promisify(gunzip);

export interface InputIndex {
  /** Header fields for planMerge; the string table holds only header strings. */
  header: MergeHeaderSource;
  sampleTypes: { type: string; unit: string }[];
  nCols: number;
  /** Samples with at least one location (pprof's merge drops the others). */
  sampleCount: number;
  /** Distinct (pair, values) rows: pair, values (nCols per row) and how many samples. */
  rowCount: number;
  rowPair: Int32Array;
  rowValues: Float64Array;
  rowSamples: Float64Array;
  pairCount: number;
  /** Distinct nodes of each pair's walk: pairNodes[pairNodeStart[p] .. pairNodeStart[p+1]). */
  pairNodeStart: Int32Array;
  pairNodes: Int32Array;
  /** The innermost node (gets the flat value). */
  pairLeaf: Int32Array;
  /** Distinct node-to-node steps of the walk: caller node and the step's function edge. */
  pairEdgeStart: Int32Array;
  pairEdgeFrom: Int32Array;
  pairEdgeFn: Int32Array;
  /**
   * Function edges: (caller function, call-site offset, callee function), functions as key
   * ids (-1 for address-only nodes, named ""). Go sums edges by names; names are resolved
   * per preview because guardHazards renames some functions.
   */
  fnEdgeCaller: Int32Array;
  fnEdgeCallee: Int32Array;
  fnEdgeOffset: Float64Array;
  /** edgeKey(caller name, offset, callee name) of each function edge, before any renaming. */
  fnEdgeKey: string[];
  /** Function (key id) of Location[0].Line[0], or -1: what guardHazards looks at. */
  pairLeafFunction: Int32Array;
  /** Graph nodes: function key id (-1 for address-only nodes), start line, line. */
  nodeFunction: Int32Array;
  nodeStartLine: Float64Array;
  nodeLine: Float64Array;
  /** Functions as pprof's merge keys them (start line, name, system name, file) and their names. */
  functionKeys: string[];
  functionNames: string[];
  /** Approximate bytes held (for the cache budget). */
  retainedBytes: number;
}

function pairHash(l0: number, l1: number): number {
  return fmix(Math.imul(l0, 0x9e3779b1) ^ (l1 + 1));
}

/** Distinct (innermost location, its caller) pairs, numbered in order of appearance. */
class PairTable {
  readonly loc0 = new Growable();
  readonly loc1 = new Growable();
  private slots = new Int32Array(1 << 12);

  id(l0: number, l1: number): number {
    let mask = this.slots.length - 1;
    let slot = pairHash(l0, l1) & mask;
    for (let cand = this.slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.slots[slot]) {
      if (this.loc0.data[cand - 1] === l0 && this.loc1.data[cand - 1] === l1) return cand - 1;
    }
    const id = this.loc0.length;
    this.loc0.push(l0);
    this.loc1.push(l1);
    this.slots[slot] = id + 1;
    if (this.loc0.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let k = 0; k < this.loc0.length; k++) {
        let at = pairHash(this.loc0.data[k], this.loc1.data[k]) & mask;
        while (this.slots[at] !== 0) at = (at + 1) & mask;
        this.slots[at] = k + 1;
      }
    }
    return id;
  }
}

/** Gunzip (in the thread pool, so several inputs inflate in parallel) when gzip-compressed. */
export async function inflate(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    throw new HttpError(422, `a stored profile could not be decompressed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** A header source with a string table of just the strings it uses. */
function compactHeader(src: MergeHeaderSource): MergeHeaderSource {
  const strings = [""];
  const seen = new Map<string, number>([["", 0]]);
  const s = (i: Numeric): number => {
    const v = src.strings[int64(i)] ?? "";
    let at = seen.get(v);
    if (at === undefined) {
      at = strings.length;
      strings.push(v);
      seen.set(v, at);
    }
    return at;
  };
  const vt = (v: SourceValueType): SourceValueType => ({ type: s(v.type), unit: s(v.unit) });
  return {
    sampleType: src.sampleType.map(vt),
    periodType: src.periodType ? vt(src.periodType) : undefined,
    period: src.period,
    timeNanos: src.timeNanos,
    durationNanos: src.durationNanos,
    comment: src.comment.map(s),
    defaultSampleType: s(src.defaultSampleType),
    dropFrames: s(src.dropFrames),
    keepFrames: s(src.keepFrames),
    docUrl: s(src.docUrl),
    strings,
  };
}

/** Functions keyed as pprof's merge keys them: key id of each dense function, the keys and their names. */
function functionKeysOf(table: FullProfileTable): { fnKeyOf: Int32Array; functionKeys: string[]; functionNames: string[] } {
  const { strings, functions: f } = table.entities;
  const functionKeys: string[] = [];
  const functionNames: string[] = [];
  const keyIds = new Map<string, number>();
  const fnKeyOf = new Int32Array(f.count);
  for (let i = 0; i < f.count; i++) {
    const name = strings[f.name[i]] ?? "";
    const key = `${f.startLine[i]}\u0000${name}\u0000${strings[f.systemName[i]] ?? ""}\u0000${strings[f.filename[i]] ?? ""}`;
    let id = keyIds.get(key);
    if (id === undefined) {
      id = functionKeys.length;
      functionKeys.push(key);
      functionNames.push(name);
      keyIds.set(key, id);
    }
    fnKeyOf[i] = id;
  }
  return { fnKeyOf, functionKeys, functionNames };
}

/** Go's graph nodes, per location (innermost line first), made when a pair first needs them. */
class GraphNodes {
  readonly nodeFunction = new Growable();
  readonly nodeStartLine = new Float64List(1024);
  readonly nodeLine = new Float64List(1024);
  /** Nodes of location li: nodes[nodeStart[li] .. nodeStart[li + 1]) (one for a location without lines), -1 until made. */
  readonly nodeStart: Int32Array;
  readonly nodes: Int32Array;
  // Go keys nodes by (name, address, start line, line): (name, start line) is numbered once per function, addresses once each.
  private readonly nodeIds = new TripleIds();
  private readonly nameStartIds = new Map<string, number>();
  private readonly nameStartOf: Int32Array;
  private readonly addressIds = new Map<number | bigint, number>();

  constructor(
    private readonly table: FullProfileTable,
    private readonly fnKeyOf: Int32Array,
  ) {
    const l = table.entities.locations;
    this.nodeStart = new Int32Array(l.count + 1);
    for (let li = 0; li < l.count; li++) this.nodeStart[li + 1] = this.nodeStart[li] + Math.max(1, l.lineStart[li + 1] - l.lineStart[li]);
    this.nodes = new Int32Array(this.nodeStart[l.count]).fill(-1);
    this.nameStartOf = new Int32Array(table.entities.functions.count).fill(-1);
  }

  private nameStart(fi: number): number {
    let id = this.nameStartOf[fi];
    if (id < 0) {
      const { strings, functions: f } = this.table.entities;
      const key = `${f.startLine[fi]}\u0000${strings[f.name[fi]] ?? ""}`;
      id = this.nameStartIds.get(key) ?? this.nameStartIds.size;
      this.nameStartIds.set(key, id);
      this.nameStartOf[fi] = id;
    }
    return id;
  }

  private addressId(li: number): number {
    const raw = this.table.entities.locations.address[li];
    // The same address as a number or a bigint is one address.
    const address = typeof raw === "bigint" && raw <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(raw) : raw;
    let id = this.addressIds.get(address);
    if (id === undefined) {
      id = this.addressIds.size;
      this.addressIds.set(address, id);
    }
    return id;
  }

  private node(fnKey: number, ns: number, address: number, startLine: number, line: number): number {
    const before = this.nodeIds.size;
    const id = this.nodeIds.id(ns, address, line);
    if (id === before) {
      this.nodeFunction.push(fnKey);
      this.nodeStartLine.push(startLine);
      this.nodeLine.push(line);
    }
    return id;
  }

  /** Makes the nodes of location `li` (nodes[nodeStart[li] ..]) unless made. */
  make(li: number): void {
    const at = this.nodeStart[li];
    if (this.nodes[at] >= 0) return;
    const { locations: l, functions: f } = this.table.entities;
    const address = this.addressId(li);
    const from = l.lineStart[li];
    const n = this.nodeStart[li + 1] - at;
    for (let i = 0; i < n; i++) {
      const fi = from + i < l.lineStart[li + 1] ? l.lineFunction[from + i] : -1;
      this.nodes[at + i] = fi >= 0 ? this.node(this.fnKeyOf[fi], this.nameStart(fi), address, f.startLine[fi], l.line[from + i]) : this.node(-1, -1, address, 0, 0);
    }
  }

  /** Function (key id) of Location[0].Line[0] of location `li`, or -1. */
  leafFunction(li: number): number {
    if (li < 0) return -1;
    const l = this.table.entities.locations;
    const fi = l.lineStart[li] < l.lineStart[li + 1] ? l.lineFunction[l.lineStart[li]] : -1;
    return fi >= 0 ? this.fnKeyOf[fi] : -1;
  }
}

/** The distinct (pair, values) rows of the samples, with the pair table. */
interface SampleRows {
  pairs: PairTable;
  sampleCount: number;
  rowCount: number;
  rowPair: Int32Array;
  rowValues: Float64Array;
  rowSamples: Float64Array;
}

class RowTable {
  readonly rowPair = new Growable(4096);
  rowValues: Float64Array;
  rowSamples = new Float64Array(4096);
  private rowHash = new Int32Array(4096);
  private slots = new Int32Array(1 << 13);
  rows = 0;

  constructor(private readonly nCols: number) {
    this.rowValues = new Float64Array(4096 * Math.max(1, nCols));
  }

  add(pair: number, vals: Float64Array, at: number): void {
    const { nCols } = this;
    let h = Math.imul(0x811c9dc5 ^ pair, 0x01000193);
    for (let k = 0; k < nCols; k++) {
      const v = vals[at + k];
      h = Math.imul(h ^ (v | 0), 0x01000193);
      h = Math.imul(h ^ ((v / 4294967296) | 0), 0x01000193);
    }
    h = fmix(h);
    const mask = this.slots.length - 1;
    let slot = h & mask;
    for (let cand = this.slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.slots[slot]) {
      const row = cand - 1;
      if (this.rowHash[row] !== h || this.rowPair.data[row] !== pair) continue;
      let k = 0;
      const base = row * nCols;
      while (k < nCols && this.rowValues[base + k] === vals[at + k]) k++;
      if (k === nCols) {
        this.rowSamples[row]++;
        return;
      }
    }
    this.insert(pair, vals, at, h, slot);
  }

  private insert(pair: number, vals: Float64Array, at: number, h: number, slot: number): void {
    const { nCols } = this;
    const row = this.rows++;
    this.rowPair.push(pair);
    if (this.rows > this.rowSamples.length) {
      this.rowSamples = grownF64(this.rowSamples, this.rows);
      const grownH = new Int32Array(this.rowHash.length * 2);
      grownH.set(this.rowHash);
      this.rowHash = grownH;
    }
    if (this.rows * nCols > this.rowValues.length) this.rowValues = grownF64(this.rowValues, this.rows * nCols);
    this.rowValues.set(vals.subarray(at, at + nCols), row * nCols);
    this.rowSamples[row] = 1;
    this.rowHash[row] = h;
    this.slots[slot] = row + 1;
    if (this.rows * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      const mask = this.slots.length - 1;
      for (let k = 0; k < this.rows; k++) {
        let p = this.rowHash[k] & mask;
        while (this.slots[p] !== 0) p = (p + 1) & mask;
        this.slots[p] = k + 1;
      }
    }
  }
}

function grownF64(a: Float64Array, need: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/** Samples → (pair of innermost locations, values) rows. */
function sampleRows(table: FullProfileTable): SampleRows {
  const { samples } = table.entities;
  const { stackStart, stackLocs } = table.stacks;
  const nCols = table.header.sampleTypes.length;
  const pairs = new PairTable();
  const rows = new RowTable(nCols);
  // The pair of each distinct stack, found once.
  const stackPair = new Int32Array(table.stacks.stackCount).fill(-1);
  for (let i = 0; i < samples.count; i++) {
    const s = samples.stack[i];
    if (stackPair[s] < 0) {
      const depth = stackStart[s + 1] - stackStart[s];
      // A sample without locations (Go writes some) is kept by the merge as Go 1.26's pprof keeps it:
      // it counts in the totals and adds no node or edge (pair -1, -1).
      const l0 = depth > 0 ? stackLocs[stackStart[s]] : -1;
      const l1 = depth > 1 ? stackLocs[stackStart[s] + 1] : -1;
      stackPair[s] = pairs.id(l0, l1);
    }
    rows.add(stackPair[s], samples.values, i * nCols);
  }
  return {
    pairs,
    sampleCount: samples.count,
    rowCount: rows.rows,
    rowPair: rows.rowPair.finish(),
    rowValues: rows.rowValues.slice(0, rows.rows * nCols),
    rowSamples: rows.rowSamples.slice(0, rows.rows),
  };
}

/** Function edges (caller function, offset, callee function) by id, as the walk finds them. */
class FunctionEdges {
  private readonly ids = new TripleIds();
  readonly keys: string[] = [];

  constructor(
    private readonly nodes: GraphNodes,
    private readonly functionNames: string[],
  ) {}

  of(from: number, to: number): number {
    // nodeFunction grows while pairs are walked: read its current array.
    const caller = this.nodes.nodeFunction.data[from];
    const callee = this.nodes.nodeFunction.data[to];
    const offset = this.nodes.nodeLine.data[from] - this.nodes.nodeStartLine.data[from];
    const before = this.ids.size;
    const id = this.ids.id(caller, callee, offset);
    if (id === before) this.keys.push(edgeKey(caller < 0 ? "" : this.functionNames[caller], offset, callee < 0 ? "" : this.functionNames[callee]));
    return id;
  }

  /** Caller, callee, offset and key of each edge, by id. */
  finish(): { fnEdgeCaller: Int32Array; fnEdgeCallee: Int32Array; fnEdgeOffset: Float64Array; fnEdgeKey: string[] } {
    return { fnEdgeCaller: this.ids.a.finish(), fnEdgeCallee: this.ids.b.finish(), fnEdgeOffset: this.ids.c.finish(), fnEdgeKey: this.keys };
  }
}

/** Per pair: Go's walk from the caller's outermost inlined frame to the leaf's innermost. */
function walkPairs(pairs: PairTable, nodes: GraphNodes, edges: FunctionEdges) {
  const pairCount = pairs.loc0.length;
  const pairNodeStart = new Int32Array(pairCount + 1);
  const pairNodes = new Growable(pairCount * 3 + 16);
  const pairLeaf = new Int32Array(pairCount);
  const pairEdgeStart = new Int32Array(pairCount + 1);
  const edgeFrom = new Growable(pairCount * 3 + 16);
  const edgeFn = new Growable(pairCount * 3 + 16);
  const pairLeafFunction = new Int32Array(pairCount);
  const seen: number[] = [];
  const seenEdges: number[] = [];
  for (let p = 0; p < pairCount; p++) {
    pairNodeStart[p] = pairNodes.length;
    pairEdgeStart[p] = edgeFrom.length;
    seen.length = 0;
    seenEdges.length = 0;
    let parent = -1;
    const l0 = pairs.loc0.data[p];
    const l1 = pairs.loc1.data[p];
    // The caller's location, then the leaf's (a sample without locations walks nothing).
    for (let step = l1 >= 0 ? 0 : 1; step < 2 && l0 >= 0; step++) {
      const li = step === 0 ? l1 : l0;
      nodes.make(li);
      for (let ni = nodes.nodeStart[li + 1] - 1; ni >= nodes.nodeStart[li]; ni--) {
        const n = nodes.nodes[ni];
        if (!seen.includes(n)) {
          seen.push(n);
          pairNodes.push(n);
        }
        if (parent !== -1 && n !== parent && !hasEdge(seenEdges, parent, n)) {
          seenEdges.push(parent, n);
          edgeFrom.push(parent);
          edgeFn.push(edges.of(parent, n));
        }
        parent = n;
      }
    }
    pairLeaf[p] = parent;
    pairLeafFunction[p] = nodes.leafFunction(l0);
  }
  pairNodeStart[pairCount] = pairNodes.length;
  pairEdgeStart[pairCount] = edgeFrom.length;
  return { pairCount, pairNodeStart, pairNodes: pairNodes.finish(), pairLeaf, pairEdgeStart, pairEdgeFrom: edgeFrom.finish(), pairEdgeFn: edgeFn.finish(), pairLeafFunction };
}

function hasEdge(seenEdges: number[], from: number, to: number): boolean {
  for (let k = 0; k < seenEdges.length; k += 2) if (seenEdges[k] === from && seenEdges[k + 1] === to) return true;
  return false;
}

/** Read an uncompressed profile.proto into an InputIndex. Throws MergeError("malformed") like the merger. */
export function buildInputIndex(raw: Uint8Array): InputIndex {
  return inputIndexOf(readMergeInput(raw));
}

/** The InputIndex of a profile's table (read with its entities). */
export function inputIndexOf(table: FullProfileTable): InputIndex {
  const { fnKeyOf, functionKeys, functionNames } = functionKeysOf(table);
  const rows = sampleRows(table);
  const nodes = new GraphNodes(table, fnKeyOf);
  const edges = new FunctionEdges(nodes, functionNames);
  const walked = walkPairs(rows.pairs, nodes, edges);
  const index: InputIndex = {
    header: compactHeader(headerSource(table.entities)),
    sampleTypes: table.header.sampleTypes,
    nCols: table.header.sampleTypes.length,
    sampleCount: rows.sampleCount,
    rowCount: rows.rowCount,
    rowPair: rows.rowPair,
    rowValues: rows.rowValues,
    rowSamples: rows.rowSamples,
    ...walked,
    ...edges.finish(),
    nodeFunction: nodes.nodeFunction.finish(),
    nodeStartLine: nodes.nodeStartLine.finish(),
    nodeLine: nodes.nodeLine.finish(),
    functionKeys,
    functionNames,
    retainedBytes: 0,
  };
  index.retainedBytes = retainedBytesOf(index);
  return index;
}

function retainedBytesOf(index: InputIndex): number {
  return (
    index.rowPair.byteLength +
    index.rowValues.byteLength +
    index.rowSamples.byteLength +
    index.pairCount * 4 * 6 +
    index.pairNodes.byteLength +
    index.pairEdgeFrom.byteLength * 2 +
    index.fnEdgeKey.reduce((sum, k) => sum + 80 + 2 * k.length, 0) +
    index.nodeFunction.byteLength * 5 +
    index.functionKeys.reduce((sum, k) => sum + 64 + 2 * k.length, 0) +
    2048
  );
}
