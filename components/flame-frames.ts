import type { FlameGraphNode } from "./flame-graph";

/**
 * A flame tree in preorder arrays, for drawing on a canvas: a big tree (hundreds of thousands of
 * frames) is laid out from these at every zoom by one pass that skips the subtrees too narrow to
 * draw, never the whole tree, and without recursion (stacks can be thousands of frames deep).
 */
export interface FlatFrames {
  /** The tree's nodes in preorder (node 0 the root); children in drawing order. */
  nodes: FlameGraphNode[];
  depth: Int32Array;
  parent: Int32Array;
  /** One past the last node of each node's subtree. */
  end: Int32Array;
  maxDepth: number;
}

/** How many frames a tree holds (the root included), counted without recursion. */
export function frameCount(root: FlameGraphNode): number {
  const known = preorderOf.get(root);
  if (known) return known.nodes.length;
  let count = 0;
  const stack = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    count++;
    for (const c of n.children) stack.push(c);
  }
  return count;
}

/** Trees built from preorder frames (treeFromFrames), with those frames: flattening them again is free. */
const preorderOf = new WeakMap<FlameGraphNode, FlatFrames>();

/** The tree in preorder; `order` sorts each frame's children (default: as they come). */
export function flattenFrames(root: FlameGraphNode, order?: (a: FlameGraphNode, b: FlameGraphNode) => number): FlatFrames {
  const known = order ? undefined : preorderOf.get(root);
  if (known) return known;
  const n = frameCount(root);
  const nodes: FlameGraphNode[] = new Array(n);
  const depth = new Int32Array(n);
  const parent = new Int32Array(n);
  const end = new Int32Array(n);
  const stack: FlameGraphNode[] = [root];
  const stackParent: number[] = [-1];
  let maxDepth = 0;
  for (let i = 0; stack.length > 0; i++) {
    const node = stack.pop()!;
    const p = stackParent.pop()!;
    nodes[i] = node;
    parent[i] = p;
    depth[i] = p < 0 ? 0 : depth[p] + 1;
    if (depth[i] > maxDepth) maxDepth = depth[i];
    end[i] = i + 1;
    const children = order ? [...node.children].sort(order) : node.children;
    for (let k = children.length - 1; k >= 0; k--) {
      stack.push(children[k]);
      stackParent.push(i);
    }
  }
  for (let i = n - 1; i > 0; i--) if (end[i] > end[parent[i]]) end[parent[i]] = end[i];
  return { nodes, depth, parent, end, maxDepth };
}

/** The frames to draw at a zoom: node, left edge and width in pixels, row (0: the root's). */
export interface DrawnFrames {
  node: Int32Array;
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
export function layoutFrames(f: FlatFrames, zoom: number, width: number, minPx: number): DrawnFrames {
  let cap = 1024;
  let out = alloc(cap);
  let count = 0;
  let rows = 0;
  const push = (node: number, x: number, w: number, row: number) => {
    if (count === cap) {
      cap *= 2;
      out = grow(out, cap);
    }
    out.node[count] = node;
    out.x[count] = x;
    out.w[count] = w;
    out.row[count] = row;
    count++;
    if (row + 1 > rows) rows = row + 1;
  };
  for (let a = f.parent[zoom]; a >= 0; a = f.parent[a]) push(a, 0, width, f.depth[a]);
  const base = f.depth[zoom];
  const zoomValue = f.nodes[zoom].value;
  const scale = zoomValue > 0 ? width / zoomValue : 0;
  // cursor[d]: where the next frame at depth base + d starts.
  const cursor = new Float64Array(f.maxDepth - base + 2);
  for (let i = zoom, stop = f.end[zoom]; i < stop; ) {
    const d = f.depth[i] - base;
    const x = cursor[d];
    const w = f.nodes[i].value * scale;
    cursor[d] = x + w;
    if (w < minPx) {
      i = f.end[i];
      continue;
    }
    push(i, x, w, f.depth[i]);
    cursor[d + 1] = x;
    i++;
  }
  return { ...out, count, rows };
}

function alloc(n: number) {
  return { node: new Int32Array(n), x: new Float64Array(n), w: new Float64Array(n), row: new Int32Array(n) };
}

function grow(o: ReturnType<typeof alloc>, n: number) {
  const g = alloc(n);
  g.node.set(o.node);
  g.x.set(o.x);
  g.w.set(o.w);
  g.row.set(o.row);
  return g;
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
 * the value of those not under another match (a recursive function counted once).
 */
export function searchFrames(f: FlatFrames, match: (name: string) => boolean): { matched: Uint8Array; frames: number; value: number } {
  const n = f.nodes.length;
  const matched = new Uint8Array(n);
  const under = new Uint8Array(n); // a match is this node or one of its ancestors
  let frames = 0;
  let value = 0;
  for (let i = 0; i < n; i++) {
    const inherited = i > 0 && under[f.parent[i]] === 1;
    if (match(f.nodes[i].name)) {
      matched[i] = 1;
      frames++;
      if (!inherited) value += f.nodes[i].value;
    }
    under[i] = inherited || matched[i] ? 1 : 0;
  }
  return { matched, frames, value };
}

/** A frame's function names from the root's child down to it. */
export function namesFromRoot(f: FlatFrames, node: number): string[] {
  const names: string[] = [];
  for (let a = node; a > 0; a = f.parent[a]) names.push(f.nodes[a].name);
  return names.reverse();
}

/** The server's preorder frames (`?format=frames`, lib/pprof/flame-tree.ts FlameFrames) as a tree, without recursion. */
export function treeFromFrames(frames: { names: string[]; name: number[]; depth: number[]; value: number[] }): FlameGraphNode {
  const { names, name, depth, value } = frames;
  const n = name.length;
  const flat: FlatFrames = { nodes: new Array(n), depth: Int32Array.from(depth), parent: new Int32Array(n), end: new Int32Array(n), maxDepth: 0 };
  const root: FlameGraphNode = { name: names[name[0]], value: value[0], children: [] };
  flat.nodes[0] = root;
  flat.parent[0] = -1;
  const path: number[] = [0]; // path[d]: the last frame seen at depth d
  for (let i = 1; i < n; i++) {
    const node: FlameGraphNode = { name: names[name[i]], value: value[i], children: [] };
    const p = path[depth[i] - 1];
    flat.nodes[p].children.push(node);
    flat.nodes[i] = node;
    flat.parent[i] = p;
    path[depth[i]] = i;
    if (depth[i] > flat.maxDepth) flat.maxDepth = depth[i];
  }
  for (let i = 0; i < n; i++) flat.end[i] = i + 1;
  for (let i = n - 1; i > 0; i--) if (flat.end[i] > flat.end[flat.parent[i]]) flat.end[flat.parent[i]] = flat.end[i];
  preorderOf.set(root, flat);
  return root;
}
