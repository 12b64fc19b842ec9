import { describe, expect, it } from "vitest";
import type { FlameGraphNode } from "./flame-graph";
import { flattenFrames, frameAt, frameCount, layoutFrames, namesFromRoot, searchFrames, treeFromFrames } from "./flame-frames";

const node = (name: string, value: number, children: FlameGraphNode[] = []): FlameGraphNode => ({ name, value, children });

// root 100: a 60 (a1 30, a2 29, tiny 1), b 40 (a 10)
const tree = node("root", 100, [node("a", 60, [node("a1", 30), node("a2", 29), node("tiny", 1)]), node("b", 40, [node("a", 10)])]);

describe("flattenFrames", () => {
  it("lists the tree in preorder with depths, parents and subtree ends", () => {
    const f = flattenFrames(tree);
    expect(f.nodes.map((n) => n.name)).toEqual(["root", "a", "a1", "a2", "tiny", "b", "a"]);
    expect([...f.depth]).toEqual([0, 1, 2, 2, 2, 1, 2]);
    expect([...f.parent]).toEqual([-1, 0, 1, 1, 1, 0, 5]);
    expect([...f.end]).toEqual([7, 5, 3, 4, 5, 7, 7]);
    expect(f.maxDepth).toBe(2);
  });

  it("orders children when asked, and takes a stack 20,000 frames deep without recursion", () => {
    const f = flattenFrames(node("root", 3, [node("x", 1), node("y", 2)]), (p, q) => q.value - p.value);
    expect(f.nodes.map((n) => n.name)).toEqual(["root", "y", "x"]);
    let deep = node("leaf", 1);
    for (let i = 0; i < 20_000; i++) deep = node(`f${i}`, 1, [deep]);
    expect(frameCount(deep)).toBe(20_001);
    const d = flattenFrames(deep);
    expect(d.maxDepth).toBe(20_000);
    expect(layoutFrames(d, 0, 1000, 1).count).toBe(20_001);
    expect(namesFromRoot(d, 20_000)).toHaveLength(20_000);
  });
});

describe("layoutFrames", () => {
  it("places every frame wide enough, scaled to the zoomed frame, skipping narrow subtrees", () => {
    const f = flattenFrames(tree);
    const all = layoutFrames(f, 0, 1000, 20);
    const at = (name: string, row: number) => {
      for (let k = 0; k < all.count; k++) if (f.nodes[all.node[k]].name === name && all.row[k] === row) return [all.x[k], all.w[k]];
      return null;
    };
    expect(at("root", 0)).toEqual([0, 1000]);
    expect(at("b", 1)).toEqual([600, 400]);
    expect(at("a2", 2)).toEqual([300, 290]);
    expect(at("tiny", 2)).toBeNull(); // 10 px < 20 px
    expect(at("a", 2)).toEqual([600, 100]);
    expect(all.rows).toBe(3);
  });

  it("draws a zoomed frame's ancestors across the width and its subtree scaled to it", () => {
    const f = flattenFrames(tree);
    const zoomed = layoutFrames(f, 5, 1000, 1); // b
    const frames = Array.from({ length: zoomed.count }, (_, k) => [f.nodes[zoomed.node[k]].name, zoomed.row[k], zoomed.x[k], zoomed.w[k]]);
    expect(frames).toEqual([
      ["root", 0, 0, 1000],
      ["b", 1, 0, 1000],
      ["a", 2, 0, 250],
    ]);
    expect(f.nodes[zoomed.node[frameAt(zoomed, 100, 2)]].name).toBe("a");
    expect(frameAt(zoomed, 400, 2)).toBe(-1);
    expect(namesFromRoot(f, 6)).toEqual(["b", "a"]);
  });
});

describe("searchFrames", () => {
  it("counts the matching frames and sums those not under another match", () => {
    const f = flattenFrames(tree);
    const r = searchFrames(f, (name) => name.startsWith("a"));
    expect(r.frames).toBe(4);
    expect(r.value).toBe(70); // a 60 (a1, a2 under it) + the a under b
    expect([...r.matched]).toEqual([0, 1, 1, 1, 0, 0, 1]);
  });
});

describe("treeFromFrames", () => {
  it("rebuilds the tree from its preorder frames", () => {
    const f = flattenFrames(tree);
    const names = [...new Set(f.nodes.map((n) => n.name))];
    const frames = { names, name: f.nodes.map((n) => names.indexOf(n.name)), depth: [...f.depth], value: f.nodes.map((n) => n.value) };
    const rebuilt = treeFromFrames(frames);
    expect(rebuilt).toEqual(tree);
    // Its preorder comes with it, equal to one flattened afresh.
    expect(frameCount(rebuilt)).toBe(7);
    const again = flattenFrames(rebuilt);
    expect(again.nodes[3]).toBe(rebuilt.children[0].children[1]);
    expect({ ...again, nodes: again.nodes.map((x) => x.name) }).toEqual({ ...f, nodes: f.nodes.map((x) => x.name) });
  });
});
