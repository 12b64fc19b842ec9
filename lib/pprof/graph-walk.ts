/**
 * The walk of pprof's newGraph over the filtered stacks, in typed arrays: each node's flat and
 * cum, and each caller -> callee edge's weight (once per stack), and whether it went over nodes
 * left out (residual) or only within locations (inline). Nodes are name ids; edges are ids of
 * (caller, callee) pairs, in the order they were first met.
 */
import type { FilteredSamples } from "./filters";
import type { GraphTags, StackTags } from "./graph-tags";
import { PairIndex } from "./pair-index";

export interface WalkInput {
  f: FilteredSamples;
  nameCount: number;
  frameStart: Int32Array;
  frames: Int32Array;
  stacks: StackTags;
}

export interface Walk {
  flat: Float64Array;
  cum: Float64Array;
  edgeCount: number;
  edgeSrc: Int32Array;
  edgeDest: Int32Array;
  edgeWeight: Float64Array;
  edgeResidual: Uint8Array;
  edgeInline: Uint8Array;
}

/** Edges by (src, dest) (a PairIndex), with their weight and flags, growing as they are met. */
class EdgeTable {
  readonly pairs = new PairIndex();
  weight = new Float64Array(1024);
  seen = new Int32Array(1024);
  residual = new Uint8Array(1024);
  inline = new Uint8Array(1024);

  /** The edge src -> dest, added (with its flags as first met) when new. */
  edge(src: number, dest: number, residual: boolean, inline: boolean): number {
    const before = this.pairs.count;
    const e = this.pairs.id(src, dest);
    if (e === before) {
      if (e === this.weight.length) this.grow();
      this.seen[e] = -1;
      this.residual[e] = residual ? 1 : 0;
      this.inline[e] = inline ? 1 : 0;
    }
    return e;
  }

  private grow(): void {
    const n = this.weight.length * 2;
    const weight = new Float64Array(n);
    weight.set(this.weight);
    this.weight = weight;
    const seen = new Int32Array(n);
    seen.set(this.seen);
    this.seen = seen;
    for (const name of ["residual", "inline"] as const) {
      const flags = new Uint8Array(n);
      flags.set(this[name]);
      this[name] = flags;
    }
  }
}

/** newGraph's walk over the kept nodes (all when `kept` is undefined); the edges only when asked for. */
export function walkGraph(input: WalkInput, kept: Uint8Array | undefined, withEdges: boolean): Walk {
  const { f, frameStart, frames, stacks } = input;
  const flat = new Float64Array(input.nameCount);
  const cum = new Float64Array(input.nameCount);
  const seen = new Int32Array(input.nameCount).fill(-1);
  const edges = new EdgeTable();
  for (let s = 0; s < f.stackCount; s++) {
    if (!stacks.present[s]) continue;
    const w = stacks.weight[s];
    let parent = -1;
    let residual = false;
    for (let i = f.stackStart[s + 1] - 1; i >= f.stackStart[s]; i--) {
      const loc = f.stackLocs[i];
      const first = frameStart[loc];
      const last = frameStart[loc + 1] - 1;
      for (let fi = last; fi >= first; fi--) {
        const id = frames[fi];
        if (kept && !kept[id]) {
          residual = true;
          continue;
        }
        if (seen[id] !== s) {
          seen[id] = s;
          cum[id] += w;
        }
        if (withEdges && parent >= 0 && id !== parent) {
          const e = edges.edge(parent, id, residual, fi !== last);
          if (edges.seen[e] !== s) {
            if (residual) edges.residual[e] = 1;
            if (fi === last) edges.inline[e] = 0;
            edges.seen[e] = s;
            edges.weight[e] += w;
          }
        }
        parent = id;
        residual = false;
      }
    }
    if (parent >= 0 && !residual) {
      flat[parent] += w;
    }
  }
  const { weight, residual, inline, pairs } = edges;
  return { flat, cum, edgeCount: pairs.count, edgeSrc: pairs.first, edgeDest: pairs.second, edgeWeight: weight, edgeResidual: residual, edgeInline: inline };
}

/** The label tags of the nodes `tags` holds, in the graph over the kept nodes: once per stack, and to the flat of the leaf. */
export function walkTags(input: WalkInput, kept: Uint8Array | undefined, tags: GraphTags): void {
  const { f, frameStart, frames, stacks } = input;
  const seen = new Int32Array(input.nameCount).fill(-1);
  for (let s = 0; s < f.stackCount; s++) {
    if (!stacks.present[s] || stacks.tagStart[s] === stacks.tagStart[s + 1]) continue;
    let leaf = -1;
    for (let i = f.stackStart[s + 1] - 1; i >= f.stackStart[s]; i--) {
      const loc = f.stackLocs[i];
      for (let fi = frameStart[loc + 1] - 1; fi >= frameStart[loc]; fi--) {
        const id = frames[fi];
        if (kept && !kept[id]) {
          leaf = -1;
          continue;
        }
        if (seen[id] !== s && tags.holds(id)) tags.addStack(id, stacks, s, false);
        seen[id] = s;
        leaf = id;
      }
    }
    if (leaf >= 0 && tags.holds(leaf)) tags.addStack(leaf, stacks, s, true);
  }
}
