import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { callGraph } from "./call-graph";
import { filterSamples } from "./filters";
import { readProfileNow } from "./summary";
import { parsePprofValue } from "./testdata/fixtures";
import { parsePprofDot, pprofCases } from "./testdata/filters/cases";

describe("callGraph against go tool pprof -dot (its default trimming)", () => {
  const cases = pprofCases().filter((c) => c.report === "dot");
  it("has inline and residual edges among its cases", () => {
    const edges = cases.flatMap((c) => parsePprofDot(c.expected).edges);
    expect(edges.some((e) => e.inline)).toBe(true);
    expect(edges.some((e) => e.residual)).toBe(true);
  });
  for (const c of cases) {
    it(`${c.name}: ${c.flags.join(" ") || "(defaults)"} gives pprof's nodes, in its order, and its edges`, () => {
      const d = readProfileNow(new Uint8Array(readFileSync(c.fixture))).table;
      const graph = callGraph(d, filterSamples(d, c.filters), c.granularity, c.sampleIndex, { outputUnit: c.unit });
      const want = parsePprofDot(c.expected);
      expect(want.nodes.length).toBeGreaterThan(0);
      const value = (text: string) => parsePprofValue(text).value;
      expect(graph.nodes.map((n) => ({ name: n.name, flat: n.flat, cum: n.cum }))).toEqual(
        want.nodes.map((n) => ({ name: n.name, flat: value(n.flat), cum: value(n.cum) })),
      );
      const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
      const key = (e: { from: string; to: string }) => `${e.from} -> ${e.to}`;
      const ours = graph.edges.map((e) => ({ from: name.get(e.from)!, to: name.get(e.to)!, weight: e.weight, residual: e.residual, inline: e.inline }));
      const theirs = want.edges.map((e) => ({ ...e, weight: value(e.weight) }));
      const byKey = (a: { from: string; to: string }, b: { from: string; to: string }) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
      expect(ours.sort(byKey)).toEqual(theirs.sort(byKey));
    });
  }
});
