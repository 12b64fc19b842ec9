/**
 * The sandwich of a function (speedscope's view): the flame tree of everything it calls and the
 * inverted tree of everything that calls it, each stack counted once from the function's
 * outermost frame (so recursion counts once, as its cum does).
 */
import { flameTreeOfIndex, type FlameTree } from "./flame-tree";
import { stackIndex, StackTableBuilder, type StackIndex } from "./stack-table";

export interface Sandwich {
  name: string;
  /** Samples where it is on the stack, once per stack; its share is cum / total. */
  cum: number;
  total: number;
  /** root -> the function -> its callees, down to the leaves. */
  callees: FlameTree;
  /** root -> the function -> its callers, out to the outermost frames. */
  callers: FlameTree;
}

/** A stack's frames as name ids, leaf first (each location's frames innermost first). */
function framesOf(ix: StackIndex, st: number, out: number[]): number[] {
  out.length = 0;
  for (let k = ix.stackStart[st]; k < ix.stackStart[st + 1]; k++) {
    const loc = ix.stackLocs[k];
    for (let f = ix.frameStart[loc]; f < ix.frameStart[loc + 1]; f++) out.push(ix.frames[f]);
  }
  return out;
}

/** The sandwich of `name` for sample type `t`, or undefined when no frame has that name. */
export function sandwichOfIndex(ix: StackIndex, t: number, name: string, minFraction: number): Sandwich | undefined {
  const target = ix.names.indexOf(name);
  if (target < 0) return undefined;
  const { values, absTotal } = ix.stackValues(t);
  // Each name is its own location in the two derived indexes.
  const identity = Int32Array.from({ length: ix.names.length + 1 }, (_, i) => i);
  const frames = identity.subarray(0, ix.names.length);
  const callees = new StackTableBuilder(1);
  const callers = new StackTableBuilder(1);
  const value = new Float64Array(1);
  const stack: number[] = [];
  let cum = 0;
  for (let st = 0; st < ix.stackCount; st++) {
    if (values[st] === 0) continue;
    const list = framesOf(ix, st, stack);
    const outermost = list.lastIndexOf(target);
    if (outermost < 0) continue;
    value[0] = values[st];
    cum += values[st];
    // Leaf first: the leaf .. the function; then the outermost frame .. the function (inverted).
    callees.add(Int32Array.from(list.slice(0, outermost + 1)), outermost + 1, value);
    callers.add(Int32Array.from(list.slice(outermost).reverse()), list.length - outermost, value);
  }
  const tree = (b: StackTableBuilder) => flameTreeOfIndex(stackIndex(ix.names, identity, frames, b.finish(), 1), 0, { minFraction });
  return { name, cum, total: absTotal, callees: tree(callees), callers: tree(callers) };
}
