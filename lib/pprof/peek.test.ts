import { describe, expect, it } from "vitest";
import { indexOfTable } from "./profile-table";
import { readProfileNow } from "./summary";

const stackIndexOf = (bytes: Uint8Array) => indexOfTable(readProfileNow(bytes).table);
import { peekOfIndex, type PeekEdge } from "./peek";
import { buildProfile, parsePprofValue, pprofPeekOutputs, readFixture, type PprofPeekEdge } from "./testdata/fixtures";

const outputs = pprofPeekOutputs();
const exact = (text: string) => parsePprofValue(text).value;
const asMap = (edges: PeekEdge[]) => Object.fromEntries(edges.map((e) => [e.name, e.value]));
const expectedMap = (edges: PprofPeekEdge[]) => Object.fromEntries(edges.map((e) => [e.name, exact(e.value)]));

describe("peekOfIndex against go tool pprof -peek . (no trimming)", () => {
  it("has reference output for a Go 1.19 CPU profile, a real one and a heap profile", () => {
    expect(outputs.map((o) => `${o.fixture}.${o.sampleType}`)).toEqual([
      "gdu.cpu",
      "go126-heap.alloc_space",
      "go126-reports.cpu",
      "go126-search.cpu",
      "go126-users.cpu",
      "go19-cpu.cpu",
      "go19-heap.alloc_space",
    ]);
  });

  for (const out of outputs) {
    it(`gives pprof's flat, cum, callers and callees of every function (${out.file})`, () => {
      const ix = stackIndexOf(readFixture(out.fixture));
      expect(out.nodes.length).toBeGreaterThan(30);
      for (const node of out.nodes) {
        const peek = peekOfIndex(ix, out.sampleIndex, node.name);
        expect(peek, node.name).toBeDefined();
        expect([peek!.flat, peek!.cum], node.name).toEqual([exact(node.flat), exact(node.cum)]);
        expect(asMap(peek!.callers), `callers of ${node.name}`).toEqual(expectedMap(node.callers));
        expect(asMap(peek!.callees), `callees of ${node.name}`).toEqual(expectedMap(node.callees));
      }
    });
  }

  it("does not make a recursive function its own caller, and counts each stack once", () => {
    const p = buildProfile({
      sampleTypes: [["samples", "count"]],
      samples: [
        { stack: [["fib"], ["fib"], ["fib"], ["main"]], values: [3] },
        { stack: [["work"], ["fib"], ["main"]], values: [2] },
      ],
    });
    const peek = peekOfIndex(stackIndexOf(p.encode()), 0, "fib")!;
    expect(peek).toEqual({
      name: "fib",
      flat: 3,
      cum: 5,
      callers: [{ name: "main", value: 5 }],
      callees: [{ name: "work", value: 2 }],
    });
  });

  it("lists callers and callees largest first, and knows no function that is not in the profile", () => {
    const p = buildProfile({
      sampleTypes: [["samples", "count"]],
      samples: [
        { stack: [["a"], ["lib"], ["x"]], values: [1] },
        { stack: [["b"], ["lib"], ["y"]], values: [4] },
        { stack: [["c"], ["lib"], ["x"]], values: [2] },
      ],
    });
    const ix = stackIndexOf(p.encode());
    const peek = peekOfIndex(ix, 0, "lib")!;
    expect(peek.callers).toEqual([{ name: "x", value: 3 }, { name: "y", value: 4 }].sort((l, r) => r.value - l.value));
    expect(peek.callees.map((e) => e.name)).toEqual(["b", "c", "a"]);
    expect(peekOfIndex(ix, 0, "nope")).toBeUndefined();
  });
});
