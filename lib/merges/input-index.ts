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
import { buildIdLookup } from "../pprof/id-lookup";
import { MergeError } from "../pprof/merge-errors";
import { int64 } from "../pprof/merge-int";
import type { SourceProfile, SourceValueType } from "../pprof/merge-source";
import { readWireProfile, WireReader } from "../pprof/merge-wire";
import type { Numeric } from "../pprof/numbers";
import { HttpError } from "../http/errors";
import { edgeKey } from "../pprof/pgo-edges";

const gunzipAsync = promisify(gunzip);

export interface InputIndex {
  /** Header fields for planMerge; the tables are empty and the string table holds only header strings. */
  header: SourceProfile;
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

class Growable {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  finish(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** End of the varint last read by readVarint / readInt64. */
let varintEnd = 0;

/** An unsigned varint at `pos` as a number (exact below 2^53); sets varintEnd. */
function readVarint(buf: Uint8Array, pos: number): number {
  let b = buf[pos++];
  let v = b & 0x7f;
  let mul = 128;
  while (b >= 0x80) {
    b = buf[pos++];
    v += (b & 0x7f) * mul;
    mul *= 128;
  }
  varintEnd = pos;
  return v;
}

/** An int64 varint (negative values take ten bytes) as a number; sets varintEnd. */
function readInt64(buf: Uint8Array, pos: number): number {
  const start = pos;
  const v = readVarint(buf, pos);
  if (varintEnd - start < 8) return v;
  let big = 0n;
  for (let i = varintEnd - 1; i >= start; i--) big = (big << 7n) | BigInt(buf[i] & 0x7f);
  return Number(BigInt.asIntN(64, big));
}

function skipVarint(buf: Uint8Array, pos: number): number {
  while (buf[pos++] >= 0x80);
  return pos;
}

/** murmur3's finaliser: spreads every input bit over the low bits that index the tables. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
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

/** A SourceProfile holding only the header, with a string table of just the strings it uses. */
function compactHeader(src: SourceProfile): SourceProfile {
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
    mapping: [],
    location: [],
    function: [],
    strings,
  };
}

/** Read an uncompressed profile.proto into an InputIndex. Throws MergeError("malformed") like the merger. */
export function buildInputIndex(raw: Uint8Array): InputIndex {
  let wire;
  try {
    wire = readWireProfile(raw);
  } catch (err) {
    throw new MergeError("malformed", `malformed profile: ${err instanceof Error ? err.message : String(err)}`);
  }
  const src = wire.source;
  const strings = src.strings;
  const nCols = src.sampleType.length;
  const sampleTypes = src.sampleType.map((st) => ({ type: strings[int64(st.type)] ?? "", unit: strings[int64(st.unit)] ?? "" }));

  // Functions, keyed as pprof's merge keys them.
  const functionKeys: string[] = [];
  const functionNames: string[] = [];
  const keyIds = new Map<string, number>();
  const fnLookup = buildIdLookup(src.function.map((f) => f.id));
  const fnKeyOf = new Int32Array(src.function.length);
  src.function.forEach((f, i) => {
    const name = strings[int64(f.name)] ?? "";
    const key = `${int64(f.startLine)}\u0000${name}\u0000${strings[int64(f.systemName)] ?? ""}\u0000${strings[int64(f.filename)] ?? ""}`;
    let id = keyIds.get(key);
    if (id === undefined) {
      id = functionKeys.length;
      functionKeys.push(key);
      functionNames.push(name);
      keyIds.set(key, id);
    }
    fnKeyOf[i] = id;
  });

  // Go's graph nodes, per location (innermost line first), built when a pair first needs them.
  const locs = src.location;
  const locLookup = buildIdLookup(locs.map((l) => l.id));
  const nodeFunction = new Growable();
  const nodeStartLine: number[] = [];
  const nodeLine: number[] = [];
  const nodeIds = new Map<string, number>();
  const locNodes: (Int32Array | undefined)[] = new Array(locs.length);
  // Go keys nodes by (name, address, start line, line): (name, start line) is numbered once per function.
  const nameStartIds = new Map<string, number>();
  const nameStartOf = new Int32Array(src.function.length).fill(-1);
  const nameStart = (fi: number): number => {
    let id = nameStartOf[fi];
    if (id < 0) {
      const f = src.function[fi];
      const key = `${int64(f.startLine)}\u0000${strings[int64(f.name)] ?? ""}`;
      id = nameStartIds.get(key) ?? nameStartIds.size;
      nameStartIds.set(key, id);
      nameStartOf[fi] = id;
    }
    return id;
  };
  const node = (fnKey: number, ns: number, address: string, startLine: number, line: number): number => {
    const key = `${ns},${address},${line}`;
    let id = nodeIds.get(key);
    if (id === undefined) {
      id = nodeStartLine.length;
      nodeFunction.push(fnKey);
      nodeStartLine.push(startLine);
      nodeLine.push(line);
      nodeIds.set(key, id);
    }
    return id;
  };
  const nodesOf = (li: number): Int32Array => {
    let nodes = locNodes[li];
    if (nodes) return nodes;
    const loc = locs[li];
    const address = String(loc.address);
    const n = Math.max(1, loc.line.length);
    nodes = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const ln = loc.line[i];
      const fi = ln ? fnLookup.get(int64(ln.functionId)) : -1;
      nodes[i] = fi >= 0 ? node(fnKeyOf[fi], nameStart(fi), address, int64(src.function[fi].startLine), int64(ln!.line)) : node(-1, -1, address, 0, 0);
    }
    locNodes[li] = nodes;
    return nodes;
  };
  const leafFunctionOf = (li: number): number => {
    const ln = li >= 0 ? locs[li].line[0] : undefined;
    if (!ln) return -1;
    const fi = fnLookup.get(int64(ln.functionId));
    return fi >= 0 ? fnKeyOf[fi] : -1;
  };

  // Samples → (pair, values) rows.
  const pairs = new PairTable();
  const pairLoc0 = pairs.loc0;
  const pairLoc1 = pairs.loc1;
  const rowPair = new Growable(4096);
  let rowValues = new Float64Array(4096 * Math.max(1, nCols));
  let rowSamples = new Float64Array(4096);
  let rowHash = new Int32Array(4096);
  let slots = new Int32Array(1 << 13);
  let rows = 0;
  let sampleCount = 0;
  const vals = new Float64Array(Math.max(1, nCols));
  const r = new WireReader(wire.buf);
  const ranges = wire.sampleRanges;
  const locIndex = (id: number): number => {
    const li = locLookup.get(id);
    if (li < 0) throw new MergeError("malformed", `malformed profile: sample references location ${id}, which the profile does not have`);
    return li;
  };

  const buf = wire.buf;
  for (let s = 0; s < wire.nSamples; s++) {
    let pos = ranges[2 * s];
    const end = ranges[2 * s + 1];
    let nLocs = 0;
    let id0 = 0;
    let id1 = 0;
    let nv = 0;
    // Inline varint reads (a WireReader per field is ~10x slower on 500k samples).
    while (pos < end) {
      let key = buf[pos++];
      if (key >= 0x80) {
        key = readVarint(buf, pos - 1);
        pos = varintEnd;
      }
      const f = key >>> 3;
      const wt = key & 7;
      let len = 0;
      if (wt === 2) {
        len = buf[pos++];
        if (len >= 0x80) {
          len = readVarint(buf, pos - 1);
          pos = varintEnd;
        }
      }
      if (f === 1 && (wt === 0 || wt === 2)) {
        const e = wt === 2 ? pos + len : -1;
        while (wt === 0 || pos < e) {
          if (nLocs < 2) {
            const v = readVarint(buf, pos);
            pos = varintEnd;
            if (nLocs === 0) id0 = v;
            else id1 = v;
            nLocs++;
          } else {
            // Only the two innermost locations matter: skip the rest.
            if (wt === 2) pos = e;
            else pos = skipVarint(buf, pos);
            nLocs++;
            break;
          }
          if (wt === 0) break;
        }
        if (wt === 2) pos = e;
      } else if (f === 2 && (wt === 0 || wt === 2)) {
        const e = wt === 2 ? pos + len : -1;
        while (wt === 0 || pos < e) {
          const v = readInt64(buf, pos);
          pos = varintEnd;
          if (nv < nCols) vals[nv] = v;
          nv++;
          if (wt === 0) break;
        }
      } else if (wt === 2) {
        pos += len;
      } else {
        r.pos = pos;
        r.skip(wt);
        pos = r.pos;
      }
    }
    if (pos !== end) throw new MergeError("malformed", `malformed profile: sample ${s} overruns its message`);
    if (nv !== nCols) throw new MergeError("malformed", `malformed profile: mismatch: sample has ${nv} values vs. ${nCols} types`);
    sampleCount++;
    // A sample without locations (Go writes some) is kept by the merge as Go 1.26's pprof keeps it:
    // it counts in the totals and adds no node or edge (pair -1, -1).
    const l0 = nLocs > 0 ? locIndex(id0) : -1;
    const l1 = nLocs > 1 ? locIndex(id1) : -1;
    const pair = pairs.id(l0, l1);

    // Find or add the (pair, values) row.
    let h = Math.imul(0x811c9dc5 ^ pair, 0x01000193);
    for (let k = 0; k < nCols; k++) {
      const v = vals[k];
      h = Math.imul(h ^ (v | 0), 0x01000193);
      h = Math.imul(h ^ ((v / 4294967296) | 0), 0x01000193);
    }
    h = fmix(h);
    let mask = slots.length - 1;
    let slot = h & mask;
    let found = -1;
    for (let cand = slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = slots[slot]) {
      const row = cand - 1;
      if (rowHash[row] !== h || rowPair.data[row] !== pair) continue;
      let k = 0;
      const base = row * nCols;
      while (k < nCols && rowValues[base + k] === vals[k]) k++;
      if (k === nCols) {
        found = row;
        break;
      }
    }
    if (found >= 0) {
      rowSamples[found]++;
      continue;
    }
    const row = rows++;
    rowPair.push(pair);
    if (rows > rowSamples.length) {
      const grownS = new Float64Array(rowSamples.length * 2);
      grownS.set(rowSamples);
      rowSamples = grownS;
      const grownH = new Int32Array(rowHash.length * 2);
      grownH.set(rowHash);
      rowHash = grownH;
    }
    if (rows * nCols > rowValues.length) {
      const grown = new Float64Array(Math.max(rows * nCols, rowValues.length * 2));
      grown.set(rowValues);
      rowValues = grown;
    }
    rowValues.set(vals.subarray(0, nCols), row * nCols);
    rowSamples[row] = 1;
    rowHash[row] = h;
    slots[slot] = row + 1;
    if (rows * 2 > slots.length) {
      slots = new Int32Array(slots.length * 2);
      mask = slots.length - 1;
      for (let k = 0; k < rows; k++) {
        let at = rowHash[k] & mask;
        while (slots[at] !== 0) at = (at + 1) & mask;
        slots[at] = k + 1;
      }
    }
  }

  // Per pair: Go's walk from the caller's outermost inlined frame to the leaf's innermost.
  const pairCount = pairLoc0.length;
  const pairNodeStart = new Int32Array(pairCount + 1);
  const pairNodes = new Growable(pairCount * 3 + 16);
  const pairLeaf = new Int32Array(pairCount);
  const pairEdgeStart = new Int32Array(pairCount + 1);
  const edgeFrom = new Growable(pairCount * 3 + 16);
  const edgeFn = new Growable(pairCount * 3 + 16);
  const fnEdgeCaller = new Growable();
  const fnEdgeCallee = new Growable();
  const fnEdgeOffset: number[] = [];
  const fnEdgeKey: string[] = [];
  const fnEdgeIds = new Map<string, number>();
  const fnEdgeOf = (from: number, to: number): number => {
    // nodeFunction grows while pairs are walked: read its current array.
    const caller = nodeFunction.data[from];
    const callee = nodeFunction.data[to];
    const offset = nodeLine[from] - nodeStartLine[from];
    const key = `${caller},${offset},${callee}`;
    let id = fnEdgeIds.get(key);
    if (id === undefined) {
      id = fnEdgeKey.length;
      fnEdgeCaller.push(caller);
      fnEdgeCallee.push(callee);
      fnEdgeOffset.push(offset);
      fnEdgeKey.push(edgeKey(caller < 0 ? "" : functionNames[caller], offset, callee < 0 ? "" : functionNames[callee]));
      fnEdgeIds.set(key, id);
    }
    return id;
  };
  const pairLeafFunction = new Int32Array(pairCount);
  const seen: number[] = [];
  const seenEdges: number[] = [];
  for (let p = 0; p < pairCount; p++) {
    pairNodeStart[p] = pairNodes.length;
    pairEdgeStart[p] = edgeFrom.length;
    seen.length = 0;
    seenEdges.length = 0;
    let parent = -1;
    const walk = pairLoc1.data[p] >= 0 ? [pairLoc1.data[p], pairLoc0.data[p]] : pairLoc0.data[p] >= 0 ? [pairLoc0.data[p]] : [];
    for (const li of walk) {
      const nodes = nodesOf(li);
      for (let ni = nodes.length - 1; ni >= 0; ni--) {
        const n = nodes[ni];
        if (!seen.includes(n)) {
          seen.push(n);
          pairNodes.push(n);
        }
        if (parent !== -1 && n !== parent) {
          let dup = false;
          for (let k = 0; k < seenEdges.length; k += 2) if (seenEdges[k] === parent && seenEdges[k + 1] === n) dup = true;
          if (!dup) {
            seenEdges.push(parent, n);
            edgeFrom.push(parent);
            edgeFn.push(fnEdgeOf(parent, n));
          }
        }
        parent = n;
      }
    }
    pairLeaf[p] = parent;
    pairLeafFunction[p] = leafFunctionOf(pairLoc0.data[p]);
  }
  pairNodeStart[pairCount] = pairNodes.length;
  pairEdgeStart[pairCount] = edgeFrom.length;

  const index: InputIndex = {
    header: compactHeader(src),
    sampleTypes,
    nCols,
    sampleCount,
    rowCount: rows,
    rowPair: rowPair.finish(),
    rowValues: rowValues.slice(0, rows * nCols),
    rowSamples: rowSamples.slice(0, rows),
    pairCount,
    pairNodeStart,
    pairNodes: pairNodes.finish(),
    pairLeaf,
    pairEdgeStart,
    pairEdgeFrom: edgeFrom.finish(),
    pairEdgeFn: edgeFn.finish(),
    fnEdgeCaller: fnEdgeCaller.finish(),
    fnEdgeCallee: fnEdgeCallee.finish(),
    fnEdgeOffset: Float64Array.from(fnEdgeOffset),
    fnEdgeKey,
    pairLeafFunction,
    nodeFunction: nodeFunction.finish(),
    nodeStartLine: Float64Array.from(nodeStartLine),
    nodeLine: Float64Array.from(nodeLine),
    functionKeys,
    functionNames,
    retainedBytes: 0,
  };
  index.retainedBytes =
    index.rowPair.byteLength +
    index.rowValues.byteLength +
    index.rowSamples.byteLength +
    pairCount * 4 * 6 +
    index.pairNodes.byteLength +
    index.pairEdgeFrom.byteLength * 2 +
    fnEdgeKey.reduce((sum, k) => sum + 80 + 2 * k.length, 0) +
    index.nodeFunction.byteLength * 5 +
    functionKeys.reduce((sum, k) => sum + 64 + 2 * k.length, 0) +
    2048;
  return index;
}
