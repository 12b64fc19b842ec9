import { describe, expect, it } from "vitest";
import { edgeKey, type PgoEdge } from "../pprof/pgo-edges";
import type { CommittedFile } from "./committed-file";
import { freshnessReport, staleMessage } from "./freshness";

const edge = (caller: string, callee: string, weight: number, offset = 1): PgoEdge => ({ caller, callee, offset, weight });

function committed(hot: PgoEdge[], functions: string[]): CommittedFile {
  return {
    sha256: "x",
    sizeBytes: 1,
    hot: { sampleType: "samples/count", totalWeight: 1, cdfPercent: 99, thresholdWeight: 0, thresholdPercent: 0, edges: hot, missingStartLine: false },
    hotKeys: new Set(hot.map((e) => edgeKey(e.caller, e.offset, e.callee))),
    functionNames: new Set(functions),
  };
}

const own = (service: string, edges: PgoEdge[]) => ({ service, profileId: `${service}-1`, capturedAt: "2026-12-03T00:00:00.000Z", edges });

describe("freshness of a committed default.pgo", () => {
  const file = committed([edge("a", "b", 10), edge("b", "c", 5)], ["a", "b", "c"]);

  it("weighs each service's own hot call sites by its own weights, keyed by caller, offset and callee", () => {
    const report = freshnessReport(file, [own("users", [edge("a", "b", 30), edge("b", "c", 10, 2), edge("a", "new", 60)])], 0.5);
    expect(report.services[0]).toMatchObject({ hotShare: 0.3, hotEdges: 3, coveredEdges: 1, unknownHotFunctions: ["new"] });
    expect(report.fresh).toBe(false);
    expect(report.stale).toEqual([{ service: "users", hotShare: 0.3 }]);
    expect(staleMessage(report)).toContain("users 30.0%");
  });

  it("averages the services, and leaves a service without call edges out of the verdict", () => {
    const report = freshnessReport(file, [own("users", [edge("a", "b", 1)]), own("search", [edge("x", "y", 1)]), own("empty", [])], 0.8);
    expect(report.services.map((s) => s.hotShare)).toEqual([1, 0, null]);
    expect(report.hotShare).toBe(0.5);
    expect(report.stale.map((s) => s.service)).toEqual(["search"]);
  });

  it("is fresh at exactly the minimum", () => {
    expect(freshnessReport(file, [own("users", [edge("a", "b", 8), edge("q", "r", 2)])], 0.8).fresh).toBe(true);
  });
});
