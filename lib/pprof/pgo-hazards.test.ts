import { describe, expect, it } from "vitest";
import { encodeProfileGzip } from "./merge";
import { decodeGzip, readProfile } from "../../testing/pprof/merge-testutil";
import { pgoEdgeMap } from "./pgo-edges";
import { DO_NOT_INLINE_PREFIX, detectHazards, guardHazards, hazardOf } from "./pgo-hazards";
import { syntheticProfile } from "../../testing/pprof/synthetic";

const names = (p: ReturnType<typeof readProfile>) => p.function.map((f) => p.stringTable.strings[Number(f.name)]);

describe("PGO hazards", () => {
  it("matches by name suffix at a package boundary", () => {
    expect(hazardOf("runtime.gopark")?.id).toBe("runtime-gopark");
    expect(hazardOf("google.golang.org/grpc/internal/transport.(*loopyWriter).processData")?.id).toBe("grpc-loopy-process-data");
    expect(hazardOf("example.com/vendor/google.golang.org/grpc/internal/transport.(*loopyWriter).processData")).toBeDefined();
    expect(hazardOf("runtime.goparkunlock")).toBeUndefined();
    expect(hazardOf("myruntime.gopark")).toBeUndefined();
    expect(hazardOf(`${DO_NOT_INLINE_PREFIX}runtime.gopark`)).toBeUndefined();
  });

  it("finds runtime.gopark in gdu.default.pgo", () => {
    const found = detectHazards(readProfile("gdu.default.pgo"));
    expect(found.map((f) => f.functionName)).toEqual(["runtime.gopark"]);
    expect(found[0].guardable).toBe(true);
    expect(found[0].leafWeight).toBeGreaterThan(0);
    expect(found[0].edgeWeight).toBeGreaterThan(0);
    expect(detectHazards(readProfile("roulette.default.pgo"))).toEqual([]);
  });

  it("guardHazards renames hazardous leaf functions like datadog-pgo, edges keep their weights", () => {
    const p = readProfile("gdu.default.pgo");
    const before = pgoEdgeMap(p);
    guardHazards(p);
    expect(names(p)).toContain(`${DO_NOT_INLINE_PREFIX}runtime.gopark`);
    expect(names(p)).not.toContain("runtime.gopark");
    const after = pgoEdgeMap(p);
    expect(after.totalWeight).toBe(before.totalWeight);
    const rename = (s: string) => (s === "runtime.gopark" ? `${DO_NOT_INLINE_PREFIX}${s}` : s);
    const expected = [...before.edges.values()].map((e) => `${rename(e.caller)}|${e.offset}|${rename(e.callee)}|${e.weight}`).sort();
    expect([...after.edges.values()].map((e) => `${e.caller}|${e.offset}|${e.callee}|${e.weight}`).sort()).toEqual(expected);
    expect(detectHazards(p)).toEqual([]);
    // Idempotent, and survives encoding.
    const once = names(p);
    guardHazards(p);
    expect(names(p)).toEqual(once);
    expect(names(decodeGzip(encodeProfileGzip(p)))).toEqual(once);
  });

  it("guards both hazards of a synthetic grpc service", () => {
    const p = syntheticProfile({ seed: 5, samples: 20_000, stacks: 5_000, functions: 1_000 });
    const found = detectHazards(p).filter((f) => f.guardable);
    expect(found.map((f) => f.hazard.id).sort()).toEqual(["grpc-loopy-process-data", "runtime-gopark"]);
    guardHazards(p);
    expect(names(p).filter((n) => n.startsWith(DO_NOT_INLINE_PREFIX)).sort()).toEqual([
      `${DO_NOT_INLINE_PREFIX}google.golang.org/grpc/internal/transport.(*loopyWriter).processData`,
      `${DO_NOT_INLINE_PREFIX}runtime.gopark`,
    ]);
  });
});
