import { describe, expect, it } from "vitest";
import { syntheticProfile } from "./synthetic";
import { canonical } from "./merge-testutil";

describe("syntheticProfile", () => {
  it("is deterministic and shaped like a Go CPU profile", () => {
    const a = syntheticProfile({ seed: 7, samples: 5_000, stacks: 1_000, functions: 500 });
    const b = syntheticProfile({ seed: 7, samples: 5_000, stacks: 1_000, functions: 500 });
    expect(canonical(a)).toEqual(canonical(b));
    const s = a.stringTable.strings;
    expect(a.sampleType.map((t) => `${s[Number(t.type)]}/${s[Number(t.unit)]}`)).toEqual(["samples/count", "cpu/nanoseconds"]);
    expect(Number(a.period)).toBe(10_000_000);
    expect(a.sample).toHaveLength(5_000);
    expect(new Set(a.sample.map((x) => x.locationId.join(","))).size).toBe(1_000);
    expect(a.function).toHaveLength(500);
    expect(a.function.every((f) => Number(f.startLine) > 0)).toBe(true);
    expect(a.location.some((l) => l.line.length > 1)).toBe(true);
    expect(Math.max(...a.sample.map((x) => x.locationId.length))).toBeLessThanOrEqual(64);
    for (const x of a.sample) expect(Number(x.value[1])).toBe(Number(x.value[0]) * 10_000_000);
  });

  it("differs by seed but shares the binary", () => {
    const a = syntheticProfile({ seed: 1, samples: 2_000, stacks: 500, functions: 300 });
    const b = syntheticProfile({ seed: 2, samples: 2_000, stacks: 500, functions: 300 });
    expect(a.sample[0].locationId).not.toEqual(b.sample[0].locationId);
    expect(canonical(a)).not.toEqual(canonical(b));
    expect(a.location.map((l) => Number(l.address))).toEqual(b.location.map((l) => Number(l.address)));
  });

  it("builds the full-size profile quickly", () => {
    const t = performance.now();
    const p = syntheticProfile({ seed: 1 });
    const ms = performance.now() - t;
    expect(p.sample).toHaveLength(500_000);
    expect(new Set(p.sample.map((x) => x.locationId)).size).toBe(50_000);
    expect(p.function).toHaveLength(5_000);
    expect(ms).toBeLessThan(3_000);
  });
});
