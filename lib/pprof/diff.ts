/**
 * Comparing two profiles of one sample type: a differential flame tree (the two
 * call trees merged by name path) and a per-function table of changes.
 *
 * Profiles of different length compare fairly by normalising the base to the
 * target's total: every base figure is multiplied by `scale` = target total /
 * base total before it is subtracted, so a function that takes the same share
 * of both profiles shows no change.
 */
import type { StackIndex } from "./stack-table";
import { foldedSubtrees, keptNodes, MAX_FLAME_DEPTH } from "./flame-tree";
import { topTableOfIndex } from "./top";

/** A d3-flame-graph node in differential mode. */
export interface DiffNode {
  name: string;
  /** Width: the mean of the normalised base and the target value, so frames of either profile show. */
  value: number;
  /** target − scale × base: positive grew (red), negative shrank (blue). */
  delta: number;
  /** The frame's value in the base profile, not normalised. */
  base: number;
  /** The frame's value in the target profile. */
  target: number;
  children: DiffNode[];
}

export interface DiffTree {
  tree: DiffNode;
  baseTotal: number;
  targetTotal: number;
  /** What base values are multiplied by before comparing: targetTotal / baseTotal (1 when either is 0). */
  scale: number;
  /** Frames under `minFraction` of the root's width, folded into their parents. */
  folded: { value: number; frames: number };
}

export interface DiffTreeOptions {
  /** Frames narrower than this fraction of the root are folded into their parent (default 0). */
  minFraction?: number;
}

export interface FunctionChange {
  name: string;
  baseFlat: number;
  baseCum: number;
  targetFlat: number;
  targetCum: number;
  /** targetFlat − scale × baseFlat. */
  deltaFlat: number;
  /** targetCum − scale × baseCum. */
  deltaCum: number;
}

/** The factor that brings the base to the target's total. */
export function normalisingScale(baseTotal: number, targetTotal: number): number {
  return baseTotal !== 0 && targetTotal !== 0 ? targetTotal / baseTotal : 1;
}

/** Call tree over both profiles: node 0 is the root, parents before children. */
class MergedTree {
  parent: number[] = [-1];
  name: number[] = [-1];
  base: number[] = [0];
  target: number[] = [0];
  private readonly childOf = new Map<number, number>();

  child(node: number, name: number, stride: number): number {
    const key = node * stride + name;
    let id = this.childOf.get(key);
    if (id === undefined) {
      id = this.parent.length;
      this.parent.push(node);
      this.name.push(name);
      this.base.push(0);
      this.target.push(0);
      this.childOf.set(key, id);
    }
    return id;
  }

  add(ix: StackIndex, sampleType: number, globalName: Int32Array, into: "base" | "target", stride: number): number {
    const { values, total } = ix.stackValues(sampleType);
    const { frameStart, frames, stackStart, stackLocs } = ix;
    const acc = this[into];
    for (let st = 0; st < ix.stackCount; st++) {
      const v = values[st];
      if (v === 0) continue;
      acc[0] += v;
      let node = 0;
      for (let k = stackStart[st + 1] - 1; k >= stackStart[st]; k--) {
        const loc = stackLocs[k];
        for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) {
          node = this.child(node, globalName[frames[f]], stride);
          acc[node] += v;
        }
      }
    }
    return total;
  }
}

function validFraction(minFraction: number | undefined): number {
  const f = minFraction ?? 0;
  if (!(f >= 0 && f <= 1)) throw new RangeError(`minFraction must be between 0 and 1, got ${minFraction}`);
  return f;
}

/**
 * The differential flame tree of `target` against `base` (each with its sample
 * type index): frames outermost first, merged by name, children sorted by name.
 */
export function diffFlameTree(
  base: StackIndex,
  baseType: number,
  target: StackIndex,
  targetType: number,
  options: DiffTreeOptions = {},
): DiffTree {
  const minFraction = validFraction(options.minFraction);
  const names: string[] = [];
  const ids = new Map<string, number>();
  const globalNames = (ix: StackIndex) =>
    Int32Array.from(ix.names, (name) => {
      let id = ids.get(name);
      if (id === undefined) {
        id = names.length;
        names.push(name);
        ids.set(name, id);
      }
      return id;
    });
  const baseNames = globalNames(base);
  const targetNames = globalNames(target);
  const stride = names.length + 1;
  const merged = new MergedTree();
  const baseTotal = merged.add(base, baseType, baseNames, "base", stride);
  const targetTotal = merged.add(target, targetType, targetNames, "target", stride);
  const scale = normalisingScale(baseTotal, targetTotal);

  const n = merged.parent.length;
  const width = new Float64Array(n);
  for (let i = 0; i < n; i++) width[i] = (merged.base[i] * scale + merged.target[i]) / 2;
  const threshold = minFraction * Math.abs(width[0]);
  const kept = keptNodes(merged.parent, n, (i) => !(Math.abs(width[i]) < threshold), MAX_FLAME_DEPTH);
  const folded = foldedSubtrees(merged.parent, n, kept, width);

  const nodes: DiffNode[] = new Array(n);
  const make = (i: number, name: string): DiffNode => ({
    name,
    value: width[i],
    delta: merged.target[i] - merged.base[i] * scale,
    base: merged.base[i],
    target: merged.target[i],
    children: [],
  });
  nodes[0] = make(0, "root");
  for (let i = 1; i < n; i++) {
    if (!kept[i]) continue;
    nodes[i] = make(i, names[merged.name[i]]);
    nodes[merged.parent[i]].children.push(nodes[i]);
  }
  for (let i = 0; i < n; i++) {
    const children = nodes[i]?.children;
    if (children && children.length > 1) children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return { tree: nodes[0], baseTotal, targetTotal, scale, folded };
}

export interface FunctionChangesOptions {
  /** Scale the base to the target's total first (default true); false gives pprof's -diff_base figures. */
  normalise?: boolean;
}

/**
 * Every function of either profile with its flat and cum in both and the
 * change, in pprof's order: largest |deltaFlat| first, then name, then |deltaCum|.
 */
export function functionChanges(
  base: StackIndex,
  baseType: number,
  target: StackIndex,
  targetType: number,
  options: FunctionChangesOptions = {},
): FunctionChange[] {
  const b = topTableOfIndex(base, baseType);
  const t = topTableOfIndex(target, targetType);
  const scale =
    options.normalise === false ? 1 : normalisingScale(base.stackValues(baseType).total, target.stackValues(targetType).total);
  const byName = new Map<string, FunctionChange>();
  const entry = (name: string) => {
    let c = byName.get(name);
    if (!c) {
      c = { name, baseFlat: 0, baseCum: 0, targetFlat: 0, targetCum: 0, deltaFlat: 0, deltaCum: 0 };
      byName.set(name, c);
    }
    return c;
  };
  for (const row of b.rows) Object.assign(entry(row.name), { baseFlat: row.flat, baseCum: row.cum });
  for (const row of t.rows) Object.assign(entry(row.name), { targetFlat: row.flat, targetCum: row.cum });
  const changes = [...byName.values()];
  for (const c of changes) {
    c.deltaFlat = c.targetFlat - c.baseFlat * scale;
    c.deltaCum = c.targetCum - c.baseCum * scale;
  }
  changes.sort((x, y) => {
    const df = Math.abs(y.deltaFlat) - Math.abs(x.deltaFlat);
    if (df !== 0) return df;
    if (x.name !== y.name) return x.name < y.name ? -1 : 1;
    return Math.abs(y.deltaCum) - Math.abs(x.deltaCum);
  });
  return changes;
}
