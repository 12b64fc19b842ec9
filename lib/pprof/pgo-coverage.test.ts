import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { equaliseWeights } from "./merge";
import { mergeProfiles } from "../../testing/pprof/merge-testutil";
import { MERGE_TESTDATA, readProfile } from "../../testing/pprof/merge-testutil";
import { pgoCoverage } from "./pgo-coverage";

/** Hot edges (key → weight) from an expected/*.edges.txt reference (the compiler's, via go tool preprofile). */
function referenceHot(name: string): Map<string, number> {
  const lines = readFileSync(path.join(MERGE_TESTDATA, "expected", `${name}.edges.txt`), "utf8").trim().split("\n");
  const hot = Number(lines.find((l) => l.startsWith("# hot "))!.split(" ")[2]);
  const edges = lines.filter((l) => !l.startsWith("#")).slice(0, hot);
  return new Map(edges.map((l) => l.split("\t")).map(([w, o, a, b]) => [`${a}|${o}|${b}`, Number(w)]));
}

describe("pgoCoverage", () => {
  const gdu = readProfile("gdu.default.pgo");
  const roulette = readProfile("roulette.default.pgo");
  const services = [
    { service: "gdu", profile: gdu },
    { service: "roulette", profile: roulette },
  ];

  it("matches coverage computed from the -raw based references", () => {
    const merged = mergeProfiles([{ profile: gdu }, { profile: roulette }]);
    const cov = pgoCoverage(services, merged);
    const mergedHot = referenceHot("real-world.merged");
    for (const [service, ref] of [
      ["gdu", "gdu.default"],
      ["roulette", "roulette.default"],
    ] as const) {
      const own = referenceHot(ref);
      let total = 0;
      let covered = 0;
      for (const [k, w] of own) {
        total += w;
        if (mergedHot.has(k)) covered += w;
      }
      const got = cov.services.find((s) => s.service === service)!;
      expect(got.hotEdges).toBe(own.size);
      expect(got.hotWeight).toBe(total);
      expect(got.coveredWeight).toBe(covered);
      expect(got.coverage).toBeCloseTo(covered / total, 12);
      expect(got.missing.length).toBeLessThanOrEqual(10);
      for (const e of got.missing) expect(mergedHot.has(`${e.caller}|${e.offset}|${e.callee}`)).toBe(false);
    }
    expect(cov.merged.hotEdges).toBe(mergedHot.size);
    console.info(`coverage, weights 1: ${cov.services.map((s) => `${s.service} ${s.coverage?.toFixed(4)}`).join(", ")}`);
  });

  it("is 1 for a service merged with nothing else", () => {
    const cov = pgoCoverage([{ service: "gdu", profile: gdu }], mergeProfiles([{ profile: gdu }]));
    expect(cov.services[0].coverage).toBe(1);
    expect(cov.services[0].missing).toEqual([]);
  });

  it("equalised weights raise the small service's coverage", () => {
    const plain = pgoCoverage(services, mergeProfiles([{ profile: gdu }, { profile: roulette }]));
    const weights = equaliseWeights([gdu, roulette], "samples");
    const fair = pgoCoverage(
      services,
      mergeProfiles([
        { profile: gdu, weight: weights[0] },
        { profile: roulette, weight: weights[1] },
      ]),
    );
    const small = (c: typeof plain) => c.services.find((s) => s.service === "roulette")!.coverage!;
    expect(small(fair)).toBeGreaterThan(small(plain));
    console.info(`roulette coverage: weights 1 ${small(plain).toFixed(4)}, equalised ${small(fair).toFixed(4)}`);
  });
});
