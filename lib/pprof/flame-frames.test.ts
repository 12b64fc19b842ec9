import { describe, expect, it } from "vitest";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { flameFramesOfIndex, flameTreeOfIndex, type FlameNode, type FlameTreeOptions } from "./flame-tree";
import { indexProfile } from "../../testing/pprof/decoded-index";
import { readFixture, type FixtureName } from "./testdata/fixtures";

/** The tree's frames in preorder (children in their order), without recursion. */
function preorder(root: FlameNode): { name: string; depth: number; value: number }[] {
  const out: { name: string; depth: number; value: number }[] = [];
  const stack = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    out.push({ name: node.name, depth, value: node.value });
    for (let k = node.children.length - 1; k >= 0; k--) stack.push({ node: node.children[k], depth: depth + 1 });
  }
  return out;
}

describe("flameFramesOfIndex", () => {
  const cases: [string, number, FlameTreeOptions][] = [
    ["go19-cpu", 1, { minFraction: 0 }],
    ["go19-cpu", 1, { minFraction: 0.01 }],
    ["go19-heap", 3, { minFraction: 0.001 }],
    ["gdu", 1, { minFraction: 0 }],
  ];
  it.each(cases)("%s (sample type %i, %j) holds flameTree's frames in preorder, with its folding", (file, t, options) => {
    const ix = indexProfile(decodeProfile(readFixture(file as FixtureName)));
    const tree = flameTreeOfIndex(ix, t, options);
    const frames = flameFramesOfIndex(ix, t, options);
    const expected = preorder(tree.tree);
    expect(frames.name.length).toBeGreaterThan(10);
    expect(Array.from(frames.name, (n, i) => ({ name: frames.names[n], depth: frames.depth[i], value: frames.value[i] }))).toEqual(expected);
    expect(frames.total).toBe(tree.total);
    expect(frames.folded).toEqual(tree.folded);
  });

  it("with a focus: the stacks through the frame, pruned at its value", () => {
    const ix = indexProfile(decodeProfile(readFixture("go19-cpu")));
    const whole = flameTreeOfIndex(ix, 1, { minFraction: 0 }).tree;
    const focus = [whole.children[0].name];
    const options = { minFraction: 0.01, focus };
    const frames = flameFramesOfIndex(ix, 1, options);
    expect(Array.from(frames.name, (n, i) => ({ name: frames.names[n], depth: frames.depth[i], value: frames.value[i] }))).toEqual(preorder(flameTreeOfIndex(ix, 1, options).tree));
  });
});
