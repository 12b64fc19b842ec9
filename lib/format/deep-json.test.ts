import { describe, expect, it } from "vitest";
import { deepJson } from "./deep-json";

type Node = { name: string; value: number; children: Node[] };

function chain(depth: number): Node {
  let node: Node = { name: "leaf", value: 1, children: [] };
  for (let d = 0; d < depth; d++) node = { name: `f"${d}\u00e9`, value: d / 3, children: [node, { name: "side", value: -0, children: [] }] };
  return node;
}

describe("deepJson", () => {
  it("writes what JSON.stringify writes", () => {
    const values: unknown[] = [null, true, 1.5, "a\"b\n", [1, undefined, "x"], { a: 1, b: undefined, c: [{ d: null }] }, chain(300), { tree: chain(600), n: NaN }];
    for (const v of values) expect(deepJson(v)).toBe(JSON.stringify(v));
  });

  it("writes a tree 20,000 levels deep, which JSON.stringify cannot", () => {
    const tree = chain(20_000);
    expect(() => JSON.stringify(tree)).toThrow(RangeError);
    const text = deepJson({ total: 1, tree });
    let back = (JSON.parse(text) as { tree: Node }).tree;
    let depth = 0;
    while (back.children.length > 0) {
      back = back.children[0];
      depth++;
    }
    expect(depth).toBe(20_000);
  });
});
