import { describe, expect, it } from "vitest";
import { decodeProfile } from "../../testing/pprof/decoded-profile";
import { sampleTypeIndex, UnknownSampleTypeError, type FlameNode } from "./flame-tree";
import { flameTree, topTable } from "../../testing/pprof/decoded-index";
import { FIXTURES, buildProfile, parsePprofValue, pprofTopOutputs, readFixture, type FixtureName } from "./testdata/fixtures";

const profiles = new Map<FixtureName, ReturnType<typeof decodeProfile>>();
function fixture(name: FixtureName) {
  let p = profiles.get(name);
  if (!p) {
    p = decodeProfile(readFixture(name));
    profiles.set(name, p);
  }
  return p;
}

/** Walks the tree without recursion; returns every node with its parent. */
function nodes(root: FlameNode): { node: FlameNode; depth: number }[] {
  const out: { node: FlameNode; depth: number }[] = [];
  const stack = [{ node: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    out.push(item);
    for (const child of item.node.children) stack.push({ node: child, depth: item.depth + 1 });
  }
  return out;
}

const self = (n: FlameNode) => n.value - n.children.reduce((sum, c) => sum + c.value, 0);

/** name -> path list, outermost first, for small trees. */
function paths(node: FlameNode, prefix: string[] = []): string[] {
  const here = [...prefix, node.name];
  return [`${here.join(";")} ${node.value}`, ...node.children.flatMap((c) => paths(c, here))];
}

const exactOutputs = pprofTopOutputs().filter((o) => o.exact);

describe("flameTree on the fixtures", () => {
  for (const out of exactOutputs) {
    const label = `${out.fixture} ${out.sampleType}`;

    it(`has a root equal to pprof's total (${label})`, () => {
      const { tree, total } = flameTree(fixture(out.fixture), out.sampleIndex);
      expect(tree.name).toBe("root");
      expect(tree.value).toBe(total);
      expect(total).toBe(parsePprofValue(out.total).value);
    });

    it(`makes every node worth its children plus its own samples, never less (${label})`, () => {
      const { tree, total } = flameTree(fixture(out.fixture), out.sampleIndex);
      let selfSum = 0;
      for (const { node } of nodes(tree)) {
        expect(self(node)).toBeGreaterThanOrEqual(0);
        selfSum += self(node);
      }
      expect(selfSum).toBe(total);
    });

    it(`puts each function's flat value in the self values of its nodes (${label})`, () => {
      const p = fixture(out.fixture);
      const { tree } = flameTree(p, out.sampleIndex);
      const selfByName = new Map<string, number>();
      for (const { node, depth } of nodes(tree)) {
        if (depth > 0) selfByName.set(node.name, (selfByName.get(node.name) ?? 0) + self(node));
      }
      for (const row of topTable(p, out.sampleIndex).rows) expect(selfByName.get(row.name) ?? 0, row.name).toBe(row.flat);
    });
  }

  it("starts Go CPU stacks at their outermost frame", () => {
    const { tree } = flameTree(fixture("go19-cpu"), 1);
    expect(tree.children.map((c) => c.name)).toContain("runtime.main");
    const main = tree.children.find((c) => c.name === "runtime.main")!;
    expect(main.children.map((c) => c.name)).toEqual(["main.main"]);
  });

  it("sorts siblings by name for a stable layout", () => {
    for (const name of Object.keys(FIXTURES) as FixtureName[]) {
      for (const { node } of nodes(flameTree(fixture(name), 0).tree)) {
        const names = node.children.map((c) => c.name);
        expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
        expect(new Set(names).size).toBe(names.length);
      }
    }
  });
});

describe("flameTree", () => {
  const profile = buildProfile({
    sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]],
    samples: [
      // location 1 holds rotl inlined into mix inlined into hashLoop (innermost first)
      { stack: [["rotl", "mix", "hashLoop"], ["main"]], values: [6, 60] },
      { stack: [["fib"], ["fib"], ["main"]], values: [3, 30] },
      { stack: [["fib"], ["main"]], values: [1, 10], labels: { request: "a" } },
      { stack: [["fib"], ["main"]], values: [1, 10], labels: { request: "b" } },
      { stack: [["main"]], values: [1, 10] },
    ],
  });

  it("orders frames outermost first, inlined frames from caller to callee", () => {
    expect(paths(flameTree(profile, 0).tree)).toEqual([
      "root 12",
      "root;main 12",
      "root;main;fib 5",
      "root;main;fib;fib 3",
      "root;main;hashLoop 6",
      "root;main;hashLoop;mix 6",
      "root;main;hashLoop;mix;rotl 6",
    ]);
  });

  it("merges samples that differ only in labels", () => {
    const fib = flameTree(profile, 0).tree.children[0].children.find((c) => c.name === "fib")!;
    expect(fib.value).toBe(5);
  });

  it("uses the requested sample type", () => {
    expect(flameTree(profile, 1).tree.value).toBe(120);
    expect(flameTree(profile, 1).total).toBe(120);
  });

  it("folds children below minFraction into their parent and reports what it folded", () => {
    // threshold 0.3 * 12 = 3.6: fib;fib (3) goes, fib (5) and hashLoop (6) stay
    const { tree, folded } = flameTree(profile, 0, { minFraction: 0.3 });
    expect(paths(tree)).toEqual([
      "root 12",
      "root;main 12",
      "root;main;fib 5",
      "root;main;hashLoop 6",
      "root;main;hashLoop;mix 6",
      "root;main;hashLoop;mix;rotl 6",
    ]);
    expect(folded).toEqual({ value: 3, frames: 1 });
  });

  it("counts the descendants of a folded frame in the folded frame count", () => {
    const { tree, folded } = flameTree(profile, 0, { minFraction: 0.45 });
    expect(paths(tree)).toEqual([
      "root 12",
      "root;main 12",
      "root;main;hashLoop 6",
      "root;main;hashLoop;mix 6",
      "root;main;hashLoop;mix;rotl 6",
    ]);
    expect(folded).toEqual({ value: 5, frames: 2 });
  });

  it("shows every frame under a focused one, pruned at minFraction of its value, with the profile's total", () => {
    // The whole graph at 0.3 folds fib;fib (3 of 12); focused on main;fib (5), the threshold is 1.5.
    const { tree, total, folded } = flameTree(profile, 0, { minFraction: 0.3, focus: ["main", "fib"] });
    expect(paths(tree)).toEqual(["root 5", "root;main 5", "root;main;fib 5", "root;main;fib;fib 3"]);
    expect(total).toBe(12);
    expect(folded).toEqual({ value: 0, frames: 0 });
  });

  it("focuses on a path only where the stack starts with it, and on nothing for a path no stack has", () => {
    expect(paths(flameTree(profile, 0, { focus: ["main", "hashLoop", "mix"] }).tree)).toEqual([
      "root 6",
      "root;main 6",
      "root;main;hashLoop 6",
      "root;main;hashLoop;mix 6",
      "root;main;hashLoop;mix;rotl 6",
    ]);
    // fib exists, but never as the outermost frame.
    expect(paths(flameTree(profile, 0, { focus: ["fib"] }).tree)).toEqual(["root 0"]);
    expect(paths(flameTree(profile, 0, { focus: ["main", "nope"] }).tree)).toEqual(["root 0"]);
  });

  it("folds nothing by default", () => {
    expect(flameTree(profile, 0).folded).toEqual({ value: 0, frames: 0 });
  });

  it("keeps the parent's value equal to the sum of its kept children and folded value", () => {
    const { tree } = flameTree(fixture("roulette"), 1, { minFraction: 0.01 });
    const all = nodes(tree);
    for (const { node } of all) {
      expect(self(node)).toBeGreaterThanOrEqual(0);
      for (const c of node.children) expect(c.value).toBeGreaterThanOrEqual(0.01 * tree.value);
    }
    expect(tree.value).toBe(flameTree(fixture("roulette"), 1).tree.value);
  });

  it("reduces the frame count by exactly the folded frames", () => {
    const full = nodes(flameTree(fixture("gdu"), 1).tree).length;
    const pruned = flameTree(fixture("gdu"), 1, { minFraction: 0.005 });
    expect(pruned.folded.frames).toBeGreaterThan(0);
    expect(nodes(pruned.tree).length).toBe(full - pruned.folded.frames);
  });

  it("rejects a minFraction outside 0..1", () => {
    expect(() => flameTree(profile, 0, { minFraction: -0.1 })).toThrow(RangeError);
    expect(() => flameTree(profile, 0, { minFraction: Number.NaN })).toThrow(RangeError);
  });
});

describe("sampleTypeIndex", () => {
  it("defaults to the last sample type when default_sample_type is unset, as pprof does", () => {
    expect(sampleTypeIndex(fixture("go19-cpu"))).toBe(1);
    expect(sampleTypeIndex(fixture("go19-heap"))).toBe(3);
  });

  it("honours default_sample_type when it is set", () => {
    const p = buildProfile({ sampleTypes: [["alloc_space", "bytes"], ["inuse_space", "bytes"]], samples: [], defaultSampleType: "alloc_space" });
    expect(sampleTypeIndex(p)).toBe(0);
  });

  it("resolves a type name or a type/unit pair", () => {
    expect(sampleTypeIndex(fixture("go19-heap"), "alloc_objects")).toBe(0);
    expect(sampleTypeIndex(fixture("go19-heap"), "inuse_objects/count")).toBe(2);
  });

  it("throws a typed error listing the valid names for an unknown one", () => {
    try {
      sampleTypeIndex(fixture("go19-cpu"), "alloc_space");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(UnknownSampleTypeError);
      const e = err as UnknownSampleTypeError;
      expect(e.validNames).toEqual(["samples", "cpu"]);
      expect(e.status).toBe(400);
      expect(e.message).toBe('unknown sample type "alloc_space"; this profile has: samples, cpu');
    }
  });
});
