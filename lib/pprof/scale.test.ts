import { Profile, StringTable } from "pprof-format";
import { describe, expect, it } from "vitest";
import { flameTree, topTable } from "../../testing/pprof/decoded-index";

/** 500k samples over 50k distinct stacks of 5k functions, like the viewer benchmark. */
function syntheticProfile(): Profile {
  let x = 2463534242;
  const rnd = (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const strings = new StringTable();
  const functions = Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, name: strings.dedup(`pkg${i % 50}.fn${i}`), startLine: 10 }));
  const locations = Array.from({ length: 20000 }, (_, i) => ({
    id: i + 1,
    line: Array.from({ length: rnd(4) === 0 ? 2 : 1 }, () => ({ functionId: 1 + rnd(5000), line: 20 })),
  }));
  // Shared outer frames, as in real programs, then random inner ones.
  const stacks = Array.from({ length: 50000 }, () => {
    const depth = 10 + rnd(30);
    return Array.from({ length: depth }, (_, d) => (depth - d <= 3 ? depth - d : 1 + rnd(20000)));
  });
  const samples = Array.from({ length: 500000 }, (_, i) => {
    const v = 1 + rnd(5);
    return { locationId: stacks[i % stacks.length], value: [v, v * 10_000_000] };
  });
  return new Profile({
    sampleType: [
      { type: strings.dedup("samples"), unit: strings.dedup("count") },
      { type: strings.dedup("cpu"), unit: strings.dedup("nanoseconds") },
    ],
    sample: samples,
    location: locations,
    function: functions,
    stringTable: strings,
  });
}

describe("viewer computations at benchmark scale", () => {
  const p = syntheticProfile();
  const expectedTotal = p.sample.reduce((sum, s) => sum + Number(s.value[1]), 0);

  it("builds the top table of a 500k-sample profile in well under the time go tool pprof needs", () => {
    const start = performance.now();
    const table = topTable(p, 1);
    const elapsed = performance.now() - start;
    expect(table.total).toBe(expectedTotal);
    expect(table.rows.reduce((sum, r) => sum + r.flat, 0)).toBe(expectedTotal);
    expect(table.rows.length).toBeGreaterThan(4900);
    expect(elapsed).toBeLessThan(5000);
  });

  it("builds the flame tree of a 500k-sample profile in well under the time go tool pprof needs", () => {
    const start = performance.now();
    const { tree, total, folded } = flameTree(p, 1, { minFraction: 0.0001 });
    const elapsed = performance.now() - start;
    expect(total).toBe(expectedTotal);
    expect(tree.value).toBe(expectedTotal);
    expect(tree.children).toHaveLength(1); // every stack starts in location 1
    expect(folded.frames).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(5000);
  });
});
