import type { FrameColumns } from "@/lib/pprof/flame-frames-codec";
import type { FlameGraphNode } from "./flame-graph";

/**
 * A flame tree in preorder columns, for drawing on a canvas: frame i is named `names[name[i]]`, at
 * `depth[i]`, worth `value[i]` (frame 0 the root; children in drawing order). A big tree (880,000
 * frames) is laid out from these at every zoom by one pass that skips the subtrees too narrow to
 * draw, never the whole tree, without recursion (stacks can be thousands of frames deep) and with
 * no object per frame.
 */
export interface FlameColumns extends FrameColumns {
  count: number;
  parent: Int32Array;
  /** One past the last frame of each frame's subtree. */
  end: Int32Array;
  maxDepth: number;
}

/** The columns with each frame's parent, subtree end and the deepest depth, in two passes. */
export function linkColumns(c: FrameColumns): FlameColumns {
  const n = c.name.length;
  const parent = new Int32Array(n);
  const end = new Int32Array(n);
  const path = new Int32Array(c.depth.reduce((a, b) => Math.max(a, b), 0) + 1); // path[d]: the last frame seen at depth d
  let maxDepth = 0;
  parent[0] = -1;
  for (let i = 0; i < n; i++) {
    const d = c.depth[i];
    if (i > 0) parent[i] = path[d - 1];
    path[d] = i;
    if (d > maxDepth) maxDepth = d;
    end[i] = i + 1;
  }
  for (let i = n - 1; i > 0; i--) if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
  return { ...c, count: n, parent, end, maxDepth };
}

/** How many frames a tree holds (the root included), counted without recursion. */
export function frameCount(root: FlameGraphNode): number {
  let count = 0;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    count++;
    for (const c of n.children) stack.push(c);
  }
  return count;
}

/** A tree's columns, and its nodes in the same (pre)order: a comparison's frames carry more than a name and a value. */
export function columnsOfTree(root: FlameGraphNode): { columns: FlameColumns; nodes: FlameGraphNode[] } {
  const n = frameCount(root);
  const nodes: FlameGraphNode[] = new Array(n);
  const ids = new Map<string, number>();
  const names: string[] = [];
  const name = new Uint32Array(n);
  const depth = new Uint16Array(n);
  const value = new Float64Array(n);
  const stack: [FlameGraphNode, number][] = [[root, 0]];
  for (let i = 0; stack.length > 0; i++) {
    const [node, d] = stack.pop()!;
    let id = ids.get(node.name);
    if (id === undefined) ids.set(node.name, (id = names.push(node.name) - 1));
    nodes[i] = node;
    name[i] = id;
    depth[i] = d;
    value[i] = node.value;
    for (let k = node.children.length - 1; k >= 0; k--) stack.push([node.children[k], d + 1]);
  }
  return { columns: linkColumns({ names, name, depth, value }), nodes };
}

/** The tree of columns with few enough frames for d3-flame-graph's SVG, built without recursion. */
export function treeOfColumns(c: FlameColumns): FlameGraphNode {
  const nodes: FlameGraphNode[] = new Array(c.count);
  for (let i = 0; i < c.count; i++) {
    nodes[i] = { name: c.names[c.name[i]], value: c.value[i], children: [] };
    if (i > 0) nodes[c.parent[i]].children.push(nodes[i]);
  }
  return nodes[0];
}

/**
 * Left-heavy: each frame's children heaviest first (equal ones by name), and `source[i]`, the frame
 * of `c` that frame i is (for what the caller keeps beside the columns).
 */
export function heaviestFirst(c: FlameColumns): { columns: FlameColumns; source: Int32Array } {
  const n = c.count;
  // Each frame's children, contiguous: kids[first[p] .. first[p + 1]).
  const first = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) first[c.parent[i] + 1]++;
  for (let p = 0; p < n; p++) first[p + 1] += first[p];
  const kids = new Int32Array(Math.max(0, n - 1));
  const filled = first.slice(0, n);
  for (let i = 1; i < n; i++) kids[filled[c.parent[i]]++] = i;
  const byWeight = (a: number, b: number) => c.value[b] - c.value[a] || compareNames(c.names[c.name[a]], c.names[c.name[b]]);
  for (let p = 0; p < n; p++) if (first[p + 1] - first[p] > 1) kids.subarray(first[p], first[p + 1]).sort(byWeight);
  const source = new Int32Array(n);
  const stack = new Int32Array(n);
  let top = 0;
  stack[top++] = 0;
  for (let i = 0; top > 0; i++) {
    const f = stack[--top];
    source[i] = f;
    for (let k = first[f + 1] - 1; k >= first[f]; k--) stack[top++] = kids[k];
  }
  const columns = linkColumns({ names: c.names, name: pick(c.name, source), depth: pick(c.depth, source), value: pick(c.value, source) });
  return { columns, source };
}

const compareNames = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function pick<T extends Uint32Array | Uint16Array | Float64Array>(column: T, order: Int32Array): T {
  const out = new (column.constructor as new (n: number) => T)(order.length);
  for (let i = 0; i < order.length; i++) out[i] = column[order[i]];
  return out;
}

/** A frame's value less its children's (its callees'), or undefined when it has none. */
export function selfValue(c: FlameColumns, frame: number): number | undefined {
  if (c.end[frame] === frame + 1) return undefined;
  let self = c.value[frame];
  for (let k = frame + 1; k < c.end[frame]; k = c.end[k]) self -= c.value[k];
  return self;
}

/** The frames to draw at a zoom: frame, left edge and width in pixels, row (0: the root's). */
export interface DrawnFrames {
  frame: Int32Array;
  x: Float64Array;
  w: Float64Array;
  row: Int32Array;
  count: number;
  /** Rows drawn: one more than the deepest drawn frame's row. */
  rows: number;
}

/**
 * The frames at least `minPx` wide when `zoom` spans `width` pixels: its ancestors span the width
 * too (as d3-flame-graph draws them), its subtree is scaled to its value, narrower subtrees skipped.
 */
export function layoutFrames(c: FlameColumns, zoom: number, width: number, minPx: number): DrawnFrames {
  const out = new DrawnList();
  for (let a = c.parent[zoom]; a >= 0; a = c.parent[a]) out.push(a, 0, width, c.depth[a]);
  const base = c.depth[zoom];
  const zoomValue = c.value[zoom];
  const scale = zoomValue > 0 ? width / zoomValue : 0;
  // cursor[d]: where the next frame at depth base + d starts.
  const cursor = new Float64Array(c.maxDepth - base + 2);
  for (let i = zoom, stop = c.end[zoom]; i < stop; ) {
    const d = c.depth[i] - base;
    const x = cursor[d];
    const w = c.value[i] * scale;
    cursor[d] = x + w;
    if (w < minPx) {
      i = c.end[i];
      continue;
    }
    out.push(i, x, w, c.depth[i]);
    cursor[d + 1] = x;
    i++;
  }
  return out.done();
}

/** DrawnFrames being filled, grown by doubling. */
class DrawnList {
  private cap = 1024;
  private at = alloc(this.cap);
  private count = 0;
  private rows = 0;

  push(frame: number, x: number, w: number, row: number) {
    if (this.count === this.cap) {
      this.cap *= 2;
      const grown = alloc(this.cap);
      for (const k of ["frame", "x", "w", "row"] as const) grown[k].set(this.at[k]);
      this.at = grown;
    }
    const k = this.count++;
    this.at.frame[k] = frame;
    this.at.x[k] = x;
    this.at.w[k] = w;
    this.at.row[k] = row;
    if (row + 1 > this.rows) this.rows = row + 1;
  }

  done(): DrawnFrames {
    return { ...this.at, count: this.count, rows: this.rows };
  }
}

function alloc(n: number) {
  return { frame: new Int32Array(n), x: new Float64Array(n), w: new Float64Array(n), row: new Int32Array(n) };
}

/** The drawn frame at pixel `x` of row `row`, or -1 (its index in `drawn`). */
export function frameAt(drawn: DrawnFrames, x: number, row: number): number {
  for (let k = 0; k < drawn.count; k++) {
    if (drawn.row[k] === row && x >= drawn.x[k] && x < drawn.x[k] + drawn.w[k]) return k;
  }
  return -1;
}

/**
 * The frames whose name matches, over the whole tree (as d3-flame-graph searches): how many, and
 * the value of those not under another match (a recursive function counted once). Each name is
 * matched once.
 */
export function searchFrames(c: FlameColumns, match: (name: string) => boolean): { matched: Uint8Array; frames: number; value: number } {
  const nameMatches = Uint8Array.from(c.names, (name) => (match(name) ? 1 : 0));
  const matched = new Uint8Array(c.count);
  let frames = 0;
  let value = 0;
  for (let i = 0; i < c.count; ) {
    if (!nameMatches[c.name[i]]) {
      i++;
      continue;
    }
    // A match: its value counts once, and every match in its subtree is only counted as a frame.
    value += c.value[i];
    for (const stop = c.end[i]; i < stop; i++) {
      if (nameMatches[c.name[i]]) {
        matched[i] = 1;
        frames++;
      }
    }
  }
  return { matched, frames, value };
}

/** A frame's function names from the root's child down to it. */
export function namesFromRoot(c: FlameColumns, frame: number): string[] {
  const names: string[] = [];
  for (let a = frame; a > 0; a = c.parent[a]) names.push(c.names[c.name[a]]);
  return names.reverse();
}
