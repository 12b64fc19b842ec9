/**
 * The flame graph of a merge, from its inputs' flame trees: frames are merged by name
 * path (a flame graph is name-based, so this is the merged profile's tree), each input's
 * values scaled by its weight. Inputs arrive pruned (frames under a fraction f of their own
 * total folded into the parent); a merged frame worth at least f of the merged total is
 * at least f of some input's total, so no frame that the merged graph shows is lost, only
 * the small parts of it that were folded in some inputs.
 */
import type { FlameNode } from "../pprof/flame-tree";
import { DO_NOT_INLINE_PREFIX } from "../pprof/pgo-hazards";

export interface FlameMergeInput {
  tree: FlameNode;
  /** Multiplies every value (weight × unit ratio). */
  scale: number;
  folded?: { value: number; frames: number };
}

export interface MergedFlame {
  tree: FlameNode;
  total: number;
  folded: { value: number; frames: number };
}

interface Acc {
  name: string;
  value: number;
  children: Map<string, Acc>;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Adds `node` (values × scale) into `into`, merging children by name; no recursion, trees may be deep. */
function addTree(into: Acc, node: FlameNode, scale: number, guarded: ReadonlySet<string>): void {
  const work: [Acc, FlameNode][] = [[into, node]];
  while (work.length > 0) {
    const [acc, from] = work.pop()!;
    acc.value += from.value * scale;
    for (const child of from.children) {
      const name = guarded.has(child.name) ? DO_NOT_INLINE_PREFIX + child.name : child.name;
      let next = acc.children.get(name);
      if (!next) acc.children.set(name, (next = { name, value: 0, children: new Map() }));
      work.push([next, child]);
    }
  }
}

/** Frames in the subtree of `a`, itself included. */
function frameCount(a: Acc): number {
  let n = 0;
  const work = [a];
  while (work.length > 0) {
    n++;
    for (const c of work.pop()!.children.values()) work.push(c);
  }
  return n;
}

/** The FlameNode tree of `root`, children sorted by name, those under `threshold` folded into `folded`. */
function pruned(root: Acc, threshold: number, folded: { value: number; frames: number }): FlameNode {
  const top: FlameNode = { name: root.name, value: round3(root.value), children: [] };
  const work: [Acc, FlameNode][] = [[root, top]];
  while (work.length > 0) {
    const [acc, out] = work.pop()!;
    for (const name of [...acc.children.keys()].sort()) {
      const c = acc.children.get(name)!;
      if (Math.abs(c.value) < threshold) {
        folded.value += c.value;
        folded.frames += frameCount(c);
        continue;
      }
      const node: FlameNode = { name: c.name, value: round3(c.value), children: [] };
      out.children.push(node);
      work.push([c, node]);
    }
  }
  return top;
}

/** Merge flame trees by name path, rename guarded functions, prune frames under minFraction of the total. */
export function mergeFlameTrees(inputs: FlameMergeInput[], opts: { minFraction: number; guardedNames?: ReadonlySet<string> }): MergedFlame {
  const guarded = opts.guardedNames ?? new Set<string>();
  const root: Acc = { name: "root", value: 0, children: new Map() };
  const folded = { value: 0, frames: 0 };
  for (const input of inputs) {
    addTree(root, input.tree, input.scale, guarded);
    if (input.folded) {
      folded.value += input.folded.value * input.scale;
      folded.frames += input.folded.frames;
    }
  }
  const total = root.value;
  const tree = pruned(root, opts.minFraction * Math.abs(total), folded);
  return { tree, total: round3(total), folded: { value: round3(folded.value), frames: folded.frames } };
}
