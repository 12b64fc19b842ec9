import type { StackIndex } from "./stack-table";

/** A caller or callee of the function peeked at, with the value of the stacks where they meet. */
export interface PeekEdge {
  name: string;
  value: number;
}

/** A function's callers and callees, as `go tool pprof -peek` gives them (without trimming). */
export interface Peek {
  name: string;
  /** Samples where it is the leaf. */
  flat: number;
  /** Samples where it is on the stack (once per stack, recursion included). */
  cum: number;
  /** Functions that call it, largest first. */
  callers: PeekEdge[];
  /** Functions it calls, largest first. */
  callees: PeekEdge[];
}

const largestFirst = (a: PeekEdge, b: PeekEdge) => b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The callers and callees of the function `name`, or undefined when no frame has that name. Like
 * pprof's call graph at function granularity: each stack counts once for the function and once
 * for each caller-callee pair it holds, and a function calling itself is not its own caller.
 */
export function peekOfIndex(ix: StackIndex, sampleTypeIndex: number, name: string): Peek | undefined {
  const target = ix.names.indexOf(name);
  if (target < 0) return undefined;
  const { values } = ix.stackValues(sampleTypeIndex);
  const { frameStart, frames, stackStart, stackLocs } = ix;
  const callers = new Map<number, number>();
  const callees = new Map<number, number>();
  let flat = 0;
  let cum = 0;
  // Per stack, the callers and callees met so far (a handful): each pair counts once.
  const stackCallers: number[] = [];
  const stackCallees: number[] = [];
  for (let st = 0; st < ix.stackCount; st++) {
    const w = values[st];
    if (w === 0) continue;
    stackCallers.length = 0;
    stackCallees.length = 0;
    let onStack = false;
    let previous = -1;
    // Outermost frame first: locations from the last, and each location's lines from its last.
    for (let k = stackStart[st + 1] - 1; k >= stackStart[st]; k--) {
      const loc = stackLocs[k];
      for (let f = frameStart[loc + 1] - 1; f >= frameStart[loc]; f--) {
        const frame = frames[f];
        if (frame === target) {
          onStack = true;
          if (previous >= 0 && previous !== target && !stackCallers.includes(previous)) stackCallers.push(previous);
        } else if (previous === target && !stackCallees.includes(frame)) {
          stackCallees.push(frame);
        }
        previous = frame;
      }
    }
    if (!onStack) continue;
    cum += w;
    if (previous === target) flat += w;
    for (const caller of stackCallers) callers.set(caller, (callers.get(caller) ?? 0) + w);
    for (const callee of stackCallees) callees.set(callee, (callees.get(callee) ?? 0) + w);
  }
  const edges = (found: Map<number, number>) => [...found].map(([id, value]) => ({ name: ix.names[id], value })).sort(largestFirst);
  return { name, flat, cum, callers: edges(callers), callees: edges(callees) };
}
