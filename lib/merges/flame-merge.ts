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

/** Merge flame trees by name path, rename guarded functions, prune frames under minFraction of the total. */
export function mergeFlameTrees(inputs: FlameMergeInput[], opts: { minFraction: number; guardedNames?: ReadonlySet<string> }): MergedFlame {
  const guarded = opts.guardedNames ?? new Set<string>();
  const root: Acc = { name: "root", value: 0, children: new Map() };
  const folded = { value: 0, frames: 0 };
  const add = (into: Acc, node: FlameNode, scale: number) => {
    into.value += node.value * scale;
    for (const child of node.children) {
      const name = guarded.has(child.name) ? DO_NOT_INLINE_PREFIX + child.name : child.name;
      let acc = into.children.get(name);
      if (!acc) into.children.set(name, (acc = { name, value: 0, children: new Map() }));
      add(acc, child, scale);
    }
  };
  for (const input of inputs) {
    add(root, input.tree, input.scale);
    if (input.folded) {
      folded.value += input.folded.value * input.scale;
      folded.frames += input.folded.frames;
    }
  }
  const total = root.value;
  const threshold = opts.minFraction * Math.abs(total);
  const size = (a: Acc): number => {
    let n = 1;
    for (const c of a.children.values()) n += size(c);
    return n;
  };
  const build = (a: Acc): FlameNode => {
    const children: FlameNode[] = [];
    for (const name of [...a.children.keys()].sort()) {
      const c = a.children.get(name)!;
      if (Math.abs(c.value) < threshold) {
        folded.value += c.value;
        folded.frames += size(c);
        continue;
      }
      children.push(build(c));
    }
    return { name: a.name, value: round3(a.value), children };
  };
  const tree = build(root);
  return { tree, total: round3(total), folded: { value: round3(folded.value), frames: folded.frames } };
}
