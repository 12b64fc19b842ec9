// Go's compiler is the reference for everything Fleetscope says about PGO. Through the real API,
// every default.pgo variant Fleetscope writes is handed to Go 1.21+ (`go tool preprofile`, and
// `go build -pgo -gcflags=-d=pgodebug=1`); the preview's hot call sites, weights and threshold
// must be exactly the compiler's, and a file the compiler refuses must be refused here first
// with the compiler's own reason. Needs `go` on the PATH (these tests fail, never skip, without it).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MergeDto } from "../../../lib/merges/merge-dto";
import type { HotEdgesSummary } from "../../../lib/merges/preview";
import { buildWithProfile, compilerHotEdges, GOSERVICES_DIR, preprofile, requireGo, type CompilerEdge } from "../../../testing/go-toolchain";
import { freshDataDir, json, params, req } from "../_testing/harness";

const TESTDATA = path.resolve(import.meta.dirname, "../../../lib/pprof/testdata");
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-compiler-"));

let merges: typeof import("../merges/route");
let mergeFile: typeof import("../merges/[id]/default.pgo/route");
let storedPreview: typeof import("../merges/[id]/preview/route");
let pgo: typeof import("./route");
let profiles: typeof import("../profiles/route");

/** Profiles uploaded per service: Go 1.26's of the fixture services, real-world ones, and the "too old" case. */
const INPUTS = {
  users: { file: "go126-users.pb.gz", service: "users" },
  search: { file: "go126-search.pb.gz", service: "search" },
  reports: { file: "go126-reports.pb.gz", service: "reports" },
  heap: { file: "go126-heap.pb.gz", service: "heap" },
  gdu: { file: "gdu.default.pgo", service: "gdu" },
  roulette: { file: "roulette.default.pgo", service: "roulette" },
  go19cpu: { file: "go19-cpu.pb.gz", service: "legacy" },
} as const;
const ids = {} as Record<keyof typeof INPUTS, string>;

async function upload(file: string, service: string): Promise<string> {
  const body = new Uint8Array(fs.readFileSync(path.join(TESTDATA, file)));
  const res = await profiles.POST(req(`/api/profiles?service=${service}`, { method: "POST", body }), params({}));
  expect([200, 201]).toContain(res.status);
  return (await json<{ profile: { id: string } }>(res)).profile.id;
}

async function createMerge(body: Record<string, unknown>): Promise<MergeDto> {
  const res = await merges.POST(
    req("/api/merges", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    params({}),
  );
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json<{ merge: MergeDto }>(res)).merge;
}

/** The stored file, written where Go can read it. */
async function downloadTo(mergeId: string, name: string): Promise<string> {
  const res = await mergeFile.GET(req(`/api/merges/${mergeId}/default.pgo`), params({ id: mergeId }));
  expect(res.status).toBe(200);
  const file = path.join(workDir, name);
  fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
  return file;
}

async function hotEdgesOf(mergeId: string): Promise<HotEdgesSummary> {
  const res = await storedPreview.GET(req(`/api/merges/${mergeId}/preview`), params({ id: mergeId }));
  expect(res.status).toBe(200);
  return (await json<{ hotEdges: HotEdgesSummary }>(res)).hotEdges;
}

const strip = (edges: CompilerEdge[]) => edges.map(({ caller, callee, offset, weight }) => ({ caller, callee, offset, weight }));

/** The preview must list exactly the compiler's hot call sites, in its order, with its weights and total. */
async function expectCompilerAgrees(mergeId: string, file: string) {
  const [ours, compilerEdges, build] = await Promise.all([hotEdgesOf(mergeId), preprofile(file), buildWithProfile(file)]);
  expect(build.ok, build.output).toBe(true);
  const compiler = compilerHotEdges(compilerEdges);
  expect(ours.edgeCount).toBe(compilerEdges.length);
  expect(ours.totalWeight).toBe(compilerEdges.reduce((s, e) => s + e.weight, 0));
  expect(strip(ours.edges)).toEqual(strip(compiler.edges));
  // The threshold the compiler itself prints while building with the file.
  expect(build.thresholds.length).toBeGreaterThan(0);
  expect(new Set(build.thresholds)).toEqual(new Set([ours.thresholdPercent]));
  return { ours, compilerEdges };
}

beforeAll(async () => {
  await requireGo();
  freshDataDir();
  merges = await import("../merges/route");
  mergeFile = await import("../merges/[id]/default.pgo/route");
  storedPreview = await import("../merges/[id]/preview/route");
  pgo = await import("./route");
  profiles = await import("../profiles/route");
  for (const [key, { file, service }] of Object.entries(INPUTS)) ids[key as keyof typeof INPUTS] = await upload(file, service);
}, 120_000);

describe("every default.pgo Fleetscope writes is read by Go's compiler exactly as the preview says", () => {
  const services = () => [ids.users, ids.search, ids.reports];
  const variants: [string, () => Record<string, unknown>][] = [
    ["the three services, weights 1, labels dropped", () => ({ profileIds: services() })],
    ["the three services, weights 1, 2.5 and 0.4", () => ({ profileIds: services(), weights: { [ids.search]: 2.5, [ids.reports]: 0.4 } })],
    ["the three services equalised", () => ({ profileIds: services(), equalise: true })],
    ["the three services, labels kept", () => ({ profileIds: services(), dropLabels: false })],
    ["the three services, hazard guard", () => ({ profileIds: services(), guardHazards: true })],
    ["two real-world default.pgo files", () => ({ profileIds: [ids.gdu, ids.roulette] })],
  ];
  for (const [title, body] of variants) {
    it(`${title}: the same edges, weights, hot call sites and threshold as the compiler`, async () => {
      const merge = await createMerge(body());
      await expectCompilerAgrees(merge.id, await downloadTo(merge.id, `${merge.id}.pgo`));
    }, 120_000);
  }

  it("PGO-minimal: a smaller file that gives the compiler the same edge list as the full one", async () => {
    const full = await createMerge({ profileIds: services(), dropLabels: false });
    const minimal = await createMerge({ profileIds: services(), minimal: true });
    const fullFile = await downloadTo(full.id, "full.pgo");
    const minimalFile = await downloadTo(minimal.id, "minimal.pgo");
    expect(fs.statSync(minimalFile).size).toBeLessThan(fs.statSync(fullFile).size);
    const { compilerEdges } = await expectCompilerAgrees(minimal.id, minimalFile);
    expect(compilerEdges).toEqual(await preprofile(fullFile));
  }, 120_000);

  for (const key of ["gdu", "roulette"] as const) {
    it(`a real-world default.pgo on its own (${INPUTS[key].file}) through GET /api/pgo`, async () => {
      const res = await pgo.GET(req(`/api/pgo?service=${INPUTS[key].service}`), params({}));
      expect(res.status).toBe(200);
      const mergeId = res.headers.get("x-fleetscope-merge-id");
      const file = path.join(workDir, `${key}-api.pgo`);
      fs.writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
      // The file handed to CI gives the compiler the same edges as the original profile.
      expect(await preprofile(file)).toEqual(await preprofile(path.join(TESTDATA, INPUTS[key].file)));
      if (mergeId) await expectCompilerAgrees(mergeId, file);
    }, 120_000);
  }
});

describe("a selection the compiler would refuse is refused first, with the compiler's reason", () => {
  /** What `go build -pgo` says: "preprofile: error parsing profile: <reason>". */
  async function compilerReason(file: string): Promise<string> {
    const build = await buildWithProfile(path.join(TESTDATA, file));
    expect(build.ok).toBe(false);
    const reason = /error parsing profile: (.+)$/m.exec(build.output)?.[1];
    expect(reason, build.output).toBeTruthy();
    return reason!;
  }

  const cases = [
    ["only Go 1.19 profiles (no Function.start_line)", INPUTS.go19cpu],
    ["a heap profile (no samples/count or cpu/nanoseconds)", INPUTS.heap],
  ] as const;
  for (const [title, input] of cases) {
    it(title, async () => {
      const refused = await pgo.GET(req(`/api/pgo?service=${input.service}`), params({}));
      expect(refused.status).toBe(422);
      expect((await json<{ error: string }>(refused)).error).toContain(await compilerReason(input.file));
    }, 120_000);
  }
});

describe("the compiler's hot callees in the fixture services' own binary", () => {
  it("every function the compiler gives the hot budget, and every call it inlines for being hot, is a hot callee of the preview", async () => {
    const merge = await createMerge({ profileIds: [ids.users, ids.search, ids.reports] });
    const file = await downloadTo(merge.id, "goservices.pgo");
    const ours = await hotEdgesOf(merge.id);
    const build = await buildWithProfile(file, GOSERVICES_DIR);
    expect(build.ok, build.output).toBe(true);
    expect(build.hotCallees.length).toBeGreaterThan(0);
    expect(build.hotInlines.length).toBeGreaterThan(0);
    // The compiler prints the function it compiles as "in function"; an inlined body's calls are printed
    // under the outer function, so the callee is what can be matched.
    const hotCallees = new Set(ours.edges.map((e) => e.callee));
    expect(build.hotCallees.filter((f) => !hotCallees.has(f))).toEqual([]);
    expect(build.hotInlines.map((c) => c.callee).filter((f) => !hotCallees.has(f))).toEqual([]);
  }, 180_000);
});
