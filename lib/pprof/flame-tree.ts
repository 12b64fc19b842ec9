import type { Profile } from "pprof-format";
import { indexProfile } from "./profile-index";
import { assertSampleTypeIndex } from "./sample-type";

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
}

export interface FlameTree {
  /** Root named "root" whose value is the total. */
  tree: FlameNode;
  /** Sum of all sample values of the sample type. */
  total: number;
  /** What pruning removed: the value of the pruned subtrees and how many frames (nodes, descendants included) they held. */
  folded: { value: number; frames: number };
}

class NodeStore {
  parent: Int32Array;
  name: Int32Array;
  value: Float64Array;
  length = 1; // node 0 is the root
  constructor(capacity: number) {
    this.parent = new Int32Array(capacity).fill(-1);
    this.name = new Int32Array(capacity).fill(-1);
    this.value = new Float64Array(capacity);
  }
  add(parent: number, name: number): number {
    if (this.length === this.parent.length) {
      const cap = this.parent.length * 2;
      const parents = new Int32Array(cap);
      parents.set(this.parent);
      const names = new Int32Array(cap);
      names.set(this.name);
      const values = new Float64Array(cap);
      values.set(this.value);
      this.parent = parents;
      this.name = names;
      this.value = values;
    }
    const id = this.length++;
    this.parent[id] = parent;
    this.name[id] = name;
    return id;
  }
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
export function flameTree(p: Profile, sampleTypeIndex: number, options: FlameTreeOptions = {}): FlameTree {
  assertSampleTypeIndex(p, sampleTypeIndex);
  const minFraction = validFraction(options.minFraction);
  const ix = indexProfile(p);
  const { values, total } = ix.stackValues(sampleTypeIndex);
  const { frameStart, frames, stackStart, stackLocs, names } = ix;
  const nNames = names.length;

  // Trie of name ids; child lookup keyed by parent * nNames + name (exact below 2^53).
  const nodes = new NodeStore(Math.max(1024, ix.stackCount * 4));
  const childOf = new Map<number, number>();
  for (let st = 0; st < ix.stackCount; st++) {
    const v = values[st];
    if (v === 0) continue;
    nodes.value[0] += v;
    let node = 0;
    for (let k = stackStart[st + 1] - 1; k >= stackStart[st]; k--) {
      const loc = stackLocs[k];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) {
        const name = frames[f];
        const key = node * nNames + name;
        let child = childOf.get(key);
        if (child === undefined) {
          child = nodes.add(node, name);
          childOf.set(key, child);
        }
        nodes.value[child] += v;
        node = child;
      }
    }
  }
  return materialize(nodes, names, total, minFraction);
}

function materialize(nodes: NodeStore, names: string[], total: number, minFraction: number): FlameTree {
  const n = nodes.length;
  const { parent, name, value } = nodes;
  const threshold = minFraction * Math.abs(total);

  // Children always have larger ids than their parents, so one forward pass
  // decides what is kept and one backward pass sizes the subtrees.
  const kept = new Uint8Array(n);
  kept[0] = 1;
  for (let i = 1; i < n; i++) kept[i] = kept[parent[i]] && !(Math.abs(value[i]) < threshold) ? 1 : 0;
  const subtree = new Int32Array(n).fill(1);
  for (let i = n - 1; i > 0; i--) subtree[parent[i]] += subtree[i];

  let foldedValue = 0;
  let foldedFrames = 0;
  const childCount = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) {
    if (kept[i]) childCount[parent[i]]++;
    else if (kept[parent[i]]) {
      foldedValue += value[i];
      foldedFrames += subtree[i];
    }
  }
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + childCount[i];
  const fill = childStart.slice(0, n);
  const children = new Int32Array(childStart[n]);
  for (let i = 1; i < n; i++) if (kept[i]) children[fill[parent[i]]++] = i;

  // Sort siblings by name through a precomputed rank: one string sort in all.
  const order = names.map((_, i) => i).sort((a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : 0));
  const rank = new Int32Array(names.length);
  order.forEach((nameId, r) => (rank[nameId] = r));

  const objects: FlameNode[] = new Array(n);
  const root: FlameNode = { name: "root", value: value[0], children: [] };
  objects[0] = root;
  for (let i = 0; i < n; i++) {
    const obj = objects[i];
    if (obj === undefined) continue; // pruned
    const from = childStart[i];
    const to = childStart[i + 1];
    if (to - from > 1) children.subarray(from, to).sort((a, b) => rank[name[a]] - rank[name[b]]);
    for (let c = from; c < to; c++) {
      const id = children[c];
      const child: FlameNode = { name: names[name[id]], value: value[id], children: [] };
      objects[id] = child;
      obj.children.push(child);
    }
  }
  return { tree: root, total, folded: { value: foldedValue, frames: foldedFrames } };
}
