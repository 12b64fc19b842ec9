/**
 * The viewer's views of a profile read into its stack index, as plain functions (no caches, no
 * database): ProfileViews serves them cached, and the profile reader's worker thread computes the
 * default ones of a fresh upload beside reading it.
 */
import { flameFramesOfIndex, flameTreeOfIndex, type FlameNode } from "../pprof/flame-tree";
import type { FrameColumns } from "../pprof/flame-frames-codec";
import type { StackIndex } from "../pprof/stack-table";
import type { SampleTypeName } from "../pprof/sample-type";
import { topTableOfIndex, type TopRow } from "../pprof/top";

/** Frames under this share of the total are folded into their parent before the tree is sent. */
export const DEFAULT_MIN_FRACTION = 0.0005;

/** GET /api/profiles/:id/top */
export interface TopView {
  sampleType: string;
  unit: string;
  total: number;
  rows: TopRow[];
}

/** GET /api/profiles/:id/flamegraph: the d3-flame-graph root, with facts about the tree beside it. */
export interface FlameView extends FlameNode {
  sampleType: string;
  unit: string;
  /** Sum of the sample values: the root's value. */
  total: number;
  minFraction: number;
  /** Frames under minFraction of the total, folded into their parents: their value and how many frames. */
  folded: { value: number; frames: number };
  /** The focused frame's path from the root, when asked for one (the root's value is then its value). */
  focus?: string[];
}

/** GET /api/profiles/:id/flamegraph?format=frames: FlameView's facts with the root's value, beside the tree's preorder columns. */
export type FlameFramesFacts = Omit<FlameView, "name" | "value" | "children"> & { value: number };

/** flameView as preorder columns (lib/pprof/flame-tree.ts FlameFrames) and its facts: no object per frame. */
export function flameFramesView(index: StackIndex, type: SampleTypeName, t: number, minFraction = DEFAULT_MIN_FRACTION, focus?: string[]): { facts: FlameFramesFacts; columns: FrameColumns } {
  const { names, name, depth, value, total, folded } = flameFramesOfIndex(index, t, { minFraction, focus });
  return { facts: { sampleType: type.type, unit: type.unit, total, minFraction, folded, ...(focus ? { focus } : {}), value: value[0] }, columns: { names, name, depth, value } };
}

/** The top table of sample type `t` (of type `type`). */
export function topView(index: StackIndex, type: SampleTypeName, t: number): TopView {
  return { sampleType: type.type, unit: type.unit, ...topTableOfIndex(index, t) };
}

/** The flame tree of sample type `t`, pruned at minFraction of the total (with a focus: of the focused frame's value). */
export function flameView(index: StackIndex, type: SampleTypeName, t: number, minFraction = DEFAULT_MIN_FRACTION, focus?: string[]): FlameView {
  const { tree, total, folded } = flameTreeOfIndex(index, t, { minFraction, focus });
  return {
    name: tree.name,
    value: tree.value,
    sampleType: type.type,
    unit: type.unit,
    total,
    minFraction,
    folded,
    ...(focus ? { focus } : {}),
    children: tree.children,
  };
}
