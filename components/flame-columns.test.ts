import { describe, expect, it } from "vitest";
import type { FlameGraphNode } from "./flame-graph";
import { columnsOfTree, frameAt, frameCount, heaviestFirst, layoutFrames, linkColumns, namesFromRoot, searchFrames, selfValue, treeOfColumns, type FlameColumns } from "./flame-columns";

const node = (name: string, value: number, children: FlameGraphNode[] = []): FlameGraphNode => ({ name, value, children });

// root 100: a 60 (a1 30, a2 29, tiny 1), b 40 (a 10)
const tree = node("root", 100, [node("a", 60, [node("a1", 30), node("a2", 29), node("tiny", 1)]), node("b", 40, [node("a", 10)])]);
const nameOf = (c: FlameColumns, i: number) => c.names[c.name[i]];
const namesOf = (c: FlameColumns) => Array.from(c.name, (n) => c.names[n]);

describe("columnsOfTree", () => {
  it("lists the tree in preorder with depths, parents and subtree ends, each name once", () => {
    const { columns: c, nodes } = columnsOfTree(tree);
    expect(namesOf(c)).toEqual(["root", "a", "a1", "a2", "tiny", "b", "a"]);
    expect(c.names).toEqual(["root", "a", "a1", "a2", "tiny", "b"]);
    expect([...c.depth]).toEqual([0, 1, 2, 2, 2, 1, 2]);
    expect([...c.value]).toEqual([100, 60, 30, 29, 1, 40, 10]);
    expect([...c.parent]).toEqual([-1, 0, 1, 1, 1, 0, 5]);
    expect([...c.end]).toEqual([7, 5, 3, 4, 5, 7, 7]);
    expect(c.maxDepth).toBe(2);
    expect(nodes[6]).toBe(tree.children[1].children[0]);
    expect(treeOfColumns(c)).toEqual(tree);
  });

  it("takes a stack 20,000 frames deep without recursion", () => {
    let deep = node("leaf", 1);
    for (let i = 0; i < 20_000; i++) deep = node(`f${i}`, 1, [deep]);
    expect(frameCount(deep)).toBe(20_001);
    const { columns: d } = columnsOfTree(deep);
    expect(d.maxDepth).toBe(20_000);
    expect(layoutFrames(d, 0, 1000, 1).count).toBe(20_001);
    expect(namesFromRoot(d, 20_000)).toHaveLength(20_000);
  });
});

describe("linkColumns", () => {
  it("finds each frame's parent and subtree end from the depths alone", () => {
    const n = 7;
    const linked = linkColumns({ names: ["root", "f"], name: new Uint32Array([0, 1, 1, 1, 1, 1, 1]), depth: Uint16Array.from([0, 1, 2, 1, 2, 3, 1]), value: new Float64Array(n).fill(1) });
    expect([...linked.parent]).toEqual([-1, 0, 1, 0, 3, 4, 0]);
    expect([...linked.end]).toEqual([7, 3, 3, 6, 6, 6, 7]);
    expect(linked.maxDepth).toBe(3);
    expect(linked.count).toBe(n);
  });
});

describe("heaviestFirst", () => {
  it("orders each frame's children heaviest first, equal ones by name, and says where each frame came from", () => {
    const { columns } = columnsOfTree(node("root", 10, [node("x", 2), node("z", 4, [node("p", 1), node("q", 3)]), node("y", 4)]));
    const { columns: c, source } = heaviestFirst(columns);
    expect(namesOf(c)).toEqual(["root", "y", "z", "q", "p", "x"]);
    expect([...c.depth]).toEqual([0, 1, 1, 2, 2, 1]);
    expect([...c.end]).toEqual([6, 2, 5, 4, 5, 6]);
    expect(Array.from(source, (i) => nameOf(columns, i))).toEqual(namesOf(c));
  });
});

describe("selfValue", () => {
  it("is a frame's value less its children's, undefined for a leaf", () => {
    const { columns: c } = columnsOfTree(tree);
    expect(selfValue(c, 0)).toBe(0);
    expect(selfValue(c, 5)).toBe(30);
    expect(selfValue(c, 1)).toBe(0);
    expect(selfValue(c, 2)).toBeUndefined();
  });
});

describe("layoutFrames", () => {
  it("places every frame wide enough, scaled to the zoomed frame, skipping narrow subtrees", () => {
    const { columns: c } = columnsOfTree(tree);
    const all = layoutFrames(c, 0, 1000, 20);
    const at = (name: string, row: number) => {
      for (let k = 0; k < all.count; k++) if (nameOf(c, all.frame[k]) === name && all.row[k] === row) return [all.x[k], all.w[k]];
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
    const { columns: c } = columnsOfTree(tree);
    const zoomed = layoutFrames(c, 5, 1000, 1); // b
    const frames = Array.from({ length: zoomed.count }, (_, k) => [nameOf(c, zoomed.frame[k]), zoomed.row[k], zoomed.x[k], zoomed.w[k]]);
    expect(frames).toEqual([
      ["root", 0, 0, 1000],
      ["b", 1, 0, 1000],
      ["a", 2, 0, 250],
    ]);
    expect(nameOf(c, zoomed.frame[frameAt(zoomed, 100, 2)])).toBe("a");
    expect(frameAt(zoomed, 400, 2)).toBe(-1);
    expect(namesFromRoot(c, 6)).toEqual(["b", "a"]);
  });

  it("grows past its first allocation", () => {
    const wide = node("root", 5000, Array.from({ length: 5000 }, (_, i) => node(`w${i}`, 1)));
    expect(layoutFrames(columnsOfTree(wide).columns, 0, 5000, 1).count).toBe(5001);
  });
});

describe("searchFrames", () => {
  it("counts the matching frames and sums those not under another match", () => {
    const { columns: c } = columnsOfTree(tree);
    const r = searchFrames(c, (name) => name.startsWith("a"));
    expect(r.frames).toBe(4);
    expect(r.value).toBe(70); // a 60 (a1, a2 under it) + the a under b
    expect([...r.matched]).toEqual([0, 1, 1, 1, 0, 0, 1]);
  });
});
