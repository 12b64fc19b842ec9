import type { StackIndex } from "./stack-table";

export { sampleTypeIndex, UnknownSampleTypeError } from "./sample-type";

/** d3-flame-graph's input: `value` includes the children's values. */
export interface FlameNode {
  name: string;
  value: number;
  children: FlameNode[];
}

export interface FlameTreeOptions {
  /** Children worth less than this fraction of the total are folded into their parent (default 0: keep all). */
  minFraction?: number;
  /**
   * A frame's path from the root (outermost function first): only the stacks that pass through it,
   * pruned at minFraction of its value instead of the total, so that zooming into a frame can show
   * every frame the whole graph folded.
   */
  focus?: readonly string[];
}

export interface FlameTree {
  /** Root named "root" whose value is the total (with a focus: the focused frame's value). */
  tree: FlameNode;
  /** Sum of all sample values of the sample type (with a focus too). */
  total: number;
  /** What pruning removed: the value of the pruned subtrees and how many frames (nodes, descendants included) they held. */
  folded: { value: number; frames: number };
}

/**
 * The deepest frame a flame tree draws, counted from the root (with a focus: from the focused frame).
 * Deeper frames are folded into their ancestor and counted in `folded`; a focus further down shows
 * them. It bounds what the server serialises and what d3-flame-graph, which recurses, draws.
 */
export const MAX_FLAME_DEPTH = 1000;

/** The merged call tree in flat arrays; node 0 is the root, parents have smaller ids than children. */
interface NodeArrays {
  parent: Int32Array;
  /** Name rank of each node (its name's position in sorted order). */
  rank: Int32Array;
  value: Float64Array;
  count: number;
}

function validFraction(minFraction: number | undefined): number {
  const f = minFraction ?? 0;
  if (!(f >= 0 && f <= 1)) throw new RangeError(`minFraction must be between 0 and 1, got ${minFraction}`);
  return f;
}

/**
 * A call tree for a flame graph: frames outermost first (the reverse of the
 * location order, and within a location the reverse of the line order), children
 * merged by function name and sorted by name, optionally pruned.
 */
export function flameTreeOfIndex(ix: StackIndex, sampleTypeIndex: number, options: FlameTreeOptions = {}): FlameTree {
  const minFraction = validFraction(options.minFraction);
  const { values: all, total } = ix.stackValues(sampleTypeIndex);
  const { rank, byRank } = ix.nameOrder();
  const values = options.focus ? throughFocus(ix, all, options.focus) : all;
  const nodes = buildTree(ix, values, rank);
  const maxDepth = (options.focus?.length ?? 0) + MAX_FLAME_DEPTH;
  const tree = materialize(nodes, (r) => ix.names[byRank[r]], options.focus ? nodes.value[0] : total, { minFraction, maxDepth });
  return { ...tree, total };
}

/**
 * The flame tree as preorder columns (frame i is named `names[name[i]]`, at `depth[i]`, worth
 * `value[i]`; frame 0 the root, named "root"), pruned as flameTree prunes: what the viewer draws a
 * tree of hundreds of thousands of frames from (lib/pprof/flame-frames-codec.ts sends it), built
 * without making an object per frame.
 */
export interface FlameFrames {
  names: string[];
  name: Uint32Array;
  /** At most (focus length) + MAX_FLAME_DEPTH, well under 65,536. */
  depth: Uint16Array;
  value: Float64Array;
  total: number;
  folded: { value: number; frames: number };
}

/** flameTreeOfIndex's tree as preorder columns. */
export function flameFramesOfIndex(ix: StackIndex, sampleTypeIndex: number, options: FlameTreeOptions = {}): FlameFrames {
  const minFraction = validFraction(options.minFraction);
  const { values: all, total } = ix.stackValues(sampleTypeIndex);
  const { rank, byRank } = ix.nameOrder();
  const values = options.focus ? throughFocus(ix, all, options.focus) : all;
  const { parent, rank: nodeRank, value, count: n } = buildTree(ix, values, rank);
  const threshold = minFraction * Math.abs(options.focus ? value[0] : total);
  const maxDepth = (options.focus?.length ?? 0) + MAX_FLAME_DEPTH;
  const kept = keptNodes(parent, n, (i) => !(Math.abs(value[i]) < threshold), maxDepth);
  let count = 0;
  for (let i = 0; i < n; i++) count += kept[i];
  const out: FlameFrames = {
    names: ["root", ...Array.from(byRank, (id) => ix.names[id])],
    name: new Uint32Array(count),
    depth: new Uint16Array(count),
    value: new Float64Array(count),
    total,
    folded: foldedSubtrees(parent, n, kept, value),
  };
  // Node ids are already preorder: each node's subtree is created by consecutive stacks, after it.
  const depth = new Int32Array(n);
  for (let i = 0, k = 0; i < n; i++) {
    if (i > 0) depth[i] = depth[parent[i]] + 1;
    if (!kept[i]) continue;
    out.name[k] = i === 0 ? 0 : nodeRank[i] + 1;
    out.depth[k] = depth[i];
    out.value[k++] = value[i];
  }
  return out;
}

/** The stacks' values, zero for the stacks that do not start with `focus` (outermost frame first). */
function throughFocus(ix: StackIndex, values: Float64Array, focus: readonly string[]): Float64Array {
  const nameIds = new Map(ix.names.map((name, id) => [name, id]));
  const want = focus.map((name) => nameIds.get(name) ?? -1);
  const kept = new Float64Array(values.length);
  const { frameStart, frames, stackStart, stackLocs } = ix;
  for (let st = 0; st < ix.stackCount; st++) {
    if (values[st] === 0) continue;
    // Frames outermost first: locations from the last, and each location's lines from its last.
    let depth = 0;
    let matches = true;
    stack: for (let k = stackStart[st + 1] - 1; k >= stackStart[st]; k--) {
      const loc = stackLocs[k];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) {
        if (depth === want.length) break stack;
        if (frames[f] !== want[depth]) {
          matches = false;
          break stack;
        }
        depth++;
      }
    }
    if (matches && depth === want.length) kept[st] = values[st];
  }
  return kept;
}

function buildTree(ix: StackIndex, values: Float64Array, rank: Int32Array): NodeArrays {
  const { frameStart, frames, stackStart, stackLocs } = ix;

  // Every stack with a value, as name ranks from the outermost frame inwards.
  const order: number[] = [];
  const seqStart = new Int32Array(ix.stackCount);
  const seqEnd = new Int32Array(ix.stackCount);
  let length = 0;
  for (let st = 0; st < ix.stackCount; st++) {
    if (values[st] === 0) continue;
    order.push(st);
    seqStart[st] = length;
    for (let k = stackStart[st]; k < stackStart[st + 1]; k++) {
      length += frameStart[stackLocs[k] + 1] - frameStart[stackLocs[k]];
    }
    seqEnd[st] = length;
  }
  const seq = new Int32Array(length);
  for (const st of order) {
    let pos = seqStart[st];
    for (let k = stackStart[st + 1] - 1; k >= stackStart[st]; k--) {
      const loc = stackLocs[k];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) seq[pos++] = rank[frames[f]];
    }
  }

  // In lexicographic order a stack shares with all earlier stacks exactly the
  // prefix it shares with its predecessor: the merged tree needs no per-frame
  // lookups, and each node's children are created in name order.
  order.sort((a, b) => {
    const ea = seqEnd[a];
    const eb = seqEnd[b];
    for (let i = seqStart[a], j = seqStart[b]; ; i++, j++) {
      if (i === ea) return j === eb ? 0 : -1;
      if (j === eb) return 1;
      if (seq[i] !== seq[j]) return seq[i] - seq[j];
    }
  });

  const parent = new Int32Array(length + 1);
  const nodeRank = new Int32Array(length + 1);
  const value = new Float64Array(length + 1);
  parent[0] = -1;
  nodeRank[0] = -1;
  let count = 1;
  let path = new Int32Array(64); // path[d]: node at depth d+1 on the previous stack
  let prev = -1;
  for (const st of order) {
    const v = values[st];
    value[0] += v;
    const from = seqStart[st];
    const depth = seqEnd[st] - from;
    let shared = 0;
    if (prev >= 0) {
      const prevFrom = seqStart[prev];
      const max = Math.min(depth, seqEnd[prev] - prevFrom);
      while (shared < max && seq[from + shared] === seq[prevFrom + shared]) shared++;
    }
    if (depth > path.length) {
      const grown = new Int32Array(depth * 2);
      grown.set(path);
      path = grown;
    }
    for (let d = shared; d < depth; d++) {
      const id = count++;
      parent[id] = d === 0 ? 0 : path[d - 1];
      nodeRank[id] = seq[from + d];
      path[d] = id;
    }
    for (let d = 0; d < depth; d++) value[path[d]] += v;
    prev = st;
  }
  return { parent, rank: nodeRank, value, count };
}

function materialize(
  nodes: NodeArrays,
  nameOfRank: (rank: number) => string,
  total: number,
  { minFraction, maxDepth }: { minFraction: number; maxDepth: number },
): FlameTree {
  const { parent, rank, value, count: n } = nodes;
  const threshold = minFraction * Math.abs(total);
  const kept = keptNodes(parent, n, (i) => !(Math.abs(value[i]) < threshold), maxDepth);
  const folded = foldedSubtrees(parent, n, kept, value);

  // Children were created in name order, so id order is display order.
  const objects: FlameNode[] = new Array(n);
  const root: FlameNode = { name: "root", value: value[0], children: [] };
  objects[0] = root;
  for (let i = 1; i < n; i++) {
    if (!kept[i]) continue;
    const node: FlameNode = { name: nameOfRank(rank[i]), value: value[i], children: [] };
    objects[i] = node;
    objects[parent[i]].children.push(node);
  }
  return { tree: root, total, folded };
}

/**
 * Which nodes of a tree in flat arrays (parents before children, node 0 the root) are drawn: those
 * that pass `wide`, whose parent is drawn, and at most `maxDepth` frames below the root.
 */
export function keptNodes(parent: ArrayLike<number>, n: number, wide: (node: number) => boolean, maxDepth: number): Uint8Array {
  const kept = new Uint8Array(n);
  const depth = new Int32Array(n);
  kept[0] = 1;
  for (let i = 1; i < n; i++) {
    depth[i] = depth[parent[i]] + 1;
    kept[i] = kept[parent[i]] && depth[i] <= maxDepth && wide(i) ? 1 : 0;
  }
  return kept;
}

/** The value of the subtrees that are not drawn under a drawn parent, and how many frames they hold. */
export function foldedSubtrees(parent: ArrayLike<number>, n: number, kept: Uint8Array, value: ArrayLike<number>): { value: number; frames: number } {
  let foldedValue = 0;
  let foldedFrames = 0;
  if (kept.indexOf(0) >= 0) {
    const subtree = new Int32Array(n).fill(1);
    for (let i = n - 1; i > 0; i--) subtree[parent[i]] += subtree[i];
    for (let i = 1; i < n; i++) {
      if (!kept[i] && kept[parent[i]]) {
        foldedValue += value[i];
        foldedFrames += subtree[i];
      }
    }
  }
  return { value: foldedValue, frames: foldedFrames };
}
