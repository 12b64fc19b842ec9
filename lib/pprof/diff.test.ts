import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { indexOfTable } from "./profile-table";
import { readProfileNow } from "./summary";

const stackIndexOf = (bytes: Uint8Array) => indexOfTable(readProfileNow(bytes).table);
import { diffFlameTree, functionChanges, normalisingScale, type DiffNode } from "./diff";
import { flameTreeOfIndex, type FlameNode } from "./flame-tree";
import { buildProfile, parsePprofTop, parsePprofValue, TESTDATA_DIR } from "./testdata/fixtures";

const DIFF_DIR = path.join(TESTDATA_DIR, "diff");
const load = (file: string) => stackIndexOf(new Uint8Array(readFileSync(path.join(DIFF_DIR, file))));
const a = load("go19-cpu-a.pb.gz");
const b = load("go19-cpu-b.pb.gz");

/** name path ("root;main.main;...") -> node, for every node. */
function byPath<N extends { name: string; children: N[] }>(root: N): Map<string, N> {
  const out = new Map<string, N>();
  const stack: [N, string][] = [[root, root.name]];
  while (stack.length > 0) {
    const [node, p] = stack.pop()!;
    out.set(p, node);
    for (const c of node.children) stack.push([c, `${p};${c.name}`]);
  }
  return out;
}

describe("functionChanges against go tool pprof -diff_base", () => {
  for (const [index, type] of [
    [0, "samples"],
    [1, "cpu"],
  ] as const) {
    it(`gives pprof's rows for target minus base without normalising (${type})`, () => {
      const expected = parsePprofTop(readFileSync(path.join(DIFF_DIR, `expected/b-minus-a.${index}-${type}.top-exact.txt`), "utf8"));
      const rows = functionChanges(a, index, b, index, { normalise: false }).filter((c) => c.deltaFlat !== 0 || c.deltaCum !== 0);
      expect(rows.map((r) => r.name)).toEqual(expected.rows.map((r) => r.name));
      expect(rows.map((r) => r.deltaFlat)).toEqual(expected.rows.map((r) => parsePprofValue(r.flat).value));
      expect(rows.map((r) => r.deltaCum)).toEqual(expected.rows.map((r) => parsePprofValue(r.cum).value));
    });
  }

  it("normalises the base to the target's total, so equal shares show no change", () => {
    const scale = normalisingScale(a.stackValues(1).total, b.stackValues(1).total);
    const changes = functionChanges(a, 1, b, 1);
    const sumFlat = changes.reduce((s, c) => s + c.deltaFlat, 0);
    expect(Math.abs(sumFlat)).toBeLessThan(1e-6 * b.stackValues(1).total);
    for (const c of changes) expect(c.deltaFlat).toBeCloseTo(c.targetFlat - c.baseFlat * scale, 3);
    expect(changes[0].name).toBe("crypto/sha256.block");
    expect(changes[0].deltaFlat).toBeLessThan(0);
  });

  it("finds no change between a profile and the same profile sampled twice as long", () => {
    const spec = (k: number) =>
      buildProfile({
        sampleTypes: [["cpu", "nanoseconds"]],
        samples: [
          { stack: [["work"], ["main"]], values: [30 * k] },
          { stack: [["idle"], ["main"]], values: [10 * k] },
        ],
      });
    const base = stackIndexOf(spec(1).encode());
    const target = stackIndexOf(spec(2).encode());
    for (const c of functionChanges(base, 0, target, 0)) {
      expect(c.deltaFlat).toBe(0);
      expect(c.deltaCum).toBe(0);
    }
    const { tree, scale } = diffFlameTree(base, 0, target, 0);
    expect(scale).toBe(2);
    for (const node of byPath(tree).values()) expect(node.delta).toBe(0);
    expect(tree.value).toBe(80);
  });
});

describe("diffFlameTree on two real CPU profiles", () => {
  const full = diffFlameTree(a, 1, b, 1);
  const baseTree = byPath<FlameNode>(flameTreeOfIndex(a, 1).tree);
  const targetTree = byPath<FlameNode>(flameTreeOfIndex(b, 1).tree);
  const diffNodes = byPath<DiffNode>(full.tree);

  it("has every frame of either profile, with each profile's own value", () => {
    const paths = new Set([...baseTree.keys(), ...targetTree.keys()]);
    expect(new Set(diffNodes.keys())).toEqual(paths);
    for (const [p, node] of diffNodes) {
      expect(node.base, p).toBe(baseTree.get(p)?.value ?? 0);
      expect(node.target, p).toBe(targetTree.get(p)?.value ?? 0);
    }
    expect(full.baseTotal).toBe(a.stackValues(1).total);
    expect(full.targetTotal).toBe(b.stackValues(1).total);
  });

  it("makes the root as wide as the target total and colours by the normalised change", () => {
    expect(full.tree.value).toBeCloseTo(full.targetTotal, 3);
    expect(full.tree.delta).toBeCloseTo(0, 3);
    for (const node of diffNodes.values()) {
      expect(node.delta).toBeCloseTo(node.target - node.base * full.scale, 3);
      expect(node.value).toBeCloseTo((node.base * full.scale + node.target) / 2, 3);
    }
    // a's hot path (sha256) shrank in b
    const sha = [...diffNodes.entries()].filter(([p]) => p.endsWith(";crypto/sha256.block"));
    const hottest = sha.reduce((x, y) => (y[1].base > x[1].base ? y : x));
    expect(hottest[1].delta).toBeLessThan(0);
  });

  it("never makes children wider than their parent, and sorts them by name", () => {
    for (const node of diffNodes.values()) {
      const sum = node.children.reduce((s, c) => s + c.value, 0);
      expect(sum).toBeLessThanOrEqual(node.value * (1 + 1e-12));
      const names = node.children.map((c) => c.name);
      expect(names).toEqual([...names].sort());
    }
  });

  it("folds frames under minFraction of the root into their parents and says how much", () => {
    const pruned = diffFlameTree(a, 1, b, 1, { minFraction: 0.02 });
    const kept = byPath<DiffNode>(pruned.tree);
    expect(kept.size).toBeLessThan(diffNodes.size);
    for (const node of kept.values()) expect(node.value).toBeGreaterThanOrEqual(0.02 * pruned.tree.value);
    expect(pruned.folded.frames).toBe(diffNodes.size - kept.size);
    expect(pruned.folded.value).toBeGreaterThan(0);
  });
});
