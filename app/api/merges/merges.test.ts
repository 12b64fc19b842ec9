import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeProfile } from "../../../testing/pprof/decoded-profile";
import { canonical, flatCum, MERGE_TESTDATA, parseTop, readProfile } from "../../../testing/pprof/merge-testutil";
import { hotEdges, pgoEdgeMap, PGO_MISSING_START_LINE } from "../../../lib/pprof/pgo-edges";
import { DO_NOT_INLINE_PREFIX } from "../../../lib/pprof/pgo-hazards";
import type { MergeDto } from "../../../lib/merges/merge-dto";
import type { Principal } from "../../../lib/auth/roles";
import { freshDataDir, json, params, req } from "../_testing/harness";

let merges: typeof import("./route");
let mergeById: typeof import("./[id]/route");
let mergeFile: typeof import("./[id]/default.pgo/route");
let storedPreview: typeof import("./[id]/preview/route");
let storedFlame: typeof import("./[id]/flamegraph/route");
let preview: typeof import("./preview/route");
let previewFlame: typeof import("./preview/flamegraph/route");
let compare: typeof import("./compare/route");
let pgo: typeof import("../pgo/route");
let profiles: typeof import("../profiles/route");
let dataDir: string;

const ids = {} as Record<"gdu" | "roulette" | "merged" | "cpuA" | "cpuB" | "heap", string>;
const mergeData = (name: string) => new Uint8Array(fs.readFileSync(path.join(MERGE_TESTDATA, name)));
const VIEWER: Principal = { kind: "token", id: "t1", name: "ci", role: "viewer" };

async function upload(bytes: Uint8Array, service: string) {
  const res = await profiles.POST(req(`/api/profiles?service=${service}`, { method: "POST", body: bytes as BodyInit }), params({}));
  expect([200, 201]).toContain(res.status);
  return (await json<{ profile: { id: string } }>(res)).profile.id;
}

const post = (body: unknown, principal?: Principal) =>
  merges.POST(req("/api/merges", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }, principal), params({}));

async function create(body: unknown): Promise<MergeDto> {
  const res = await post(body);
  expect(res.status, await res.clone().text()).toBe(201);
  return (await json<{ merge: MergeDto }>(res)).merge;
}

async function download(id: string): Promise<Uint8Array> {
  const res = await mergeFile.GET(req(`/api/merges/${id}/default.pgo`), params({ id }));
  expect(res.status).toBe(200);
  expect(res.headers.get("content-disposition")).toBe('attachment; filename="default.pgo"');
  return new Uint8Array(await res.arrayBuffer());
}

function expectedEdges(name: string) {
  const lines = fs.readFileSync(path.join(MERGE_TESTDATA, "expected", `${name}.edges.txt`), "utf8").trim().split("\n");
  const meta = Object.fromEntries(lines.filter((l) => l.startsWith("# ")).map((l) => [l.slice(2).split(" ")[0], l.slice(2).split(" ").slice(1)]));
  const edges = lines
    .filter((l) => !l.startsWith("#"))
    .map((l) => l.split("\t"))
    .map(([w, offset, caller, callee]) => ({ caller, callee, offset: Number(offset), weight: Number(w) }));
  return { total: Number(meta.total[0]), hot: Number(meta.hot[0]), threshold: Number(meta.hot[4]), edges };
}

const mergeBlobs = () => {
  const dir = path.join(dataDir, "blobs", "merges");
  return fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }).length : 0;
};

beforeAll(async () => {
  dataDir = freshDataDir();
  merges = await import("./route");
  mergeById = await import("./[id]/route");
  mergeFile = await import("./[id]/default.pgo/route");
  storedPreview = await import("./[id]/preview/route");
  storedFlame = await import("./[id]/flamegraph/route");
  preview = await import("./preview/route");
  previewFlame = await import("./preview/flamegraph/route");
  compare = await import("./compare/route");
  pgo = await import("../pgo/route");
  profiles = await import("../profiles/route");
  ids.gdu = await upload(mergeData("gdu.default.pgo"), "users");
  ids.roulette = await upload(mergeData("roulette.default.pgo"), "search");
  ids.merged = await upload(mergeData("expected/real-world.merged.pb.gz"), "reports");
  ids.cpuA = await upload(mergeData("go19-cpu-a.pb.gz"), "legacy");
  ids.cpuB = await upload(mergeData("go19-cpu-b.pb.gz"), "legacy");
  ids.heap = await upload(mergeData("go19-heap.pb.gz"), "heap");
});

describe("POST /api/merges refuses incompatible inputs before writing anything", () => {
  it("CPU with heap: 422 with pprof's reason, no merge row, no file", async () => {
    const res = await post({ profileIds: [ids.cpuA, ids.heap] });
    expect(res.status).toBe(422);
    expect((await json<{ error: string }>(res)).error).toBe("these profiles cannot be merged: profiles have empty common sample type list");
    const list = await json<{ merges: MergeDto[] }>(await merges.GET(req("/api/merges"), params({})));
    expect(list.merges).toEqual([]);
    expect(mergeBlobs()).toBe(0);
  });

  it("400 for bad bodies, 404 for unknown profiles, 403 for viewers", async () => {
    expect((await post({ profileIds: [] })).status).toBe(400);
    expect((await post({ profileIds: [ids.gdu, ids.gdu] })).status).toBe(400);
    expect((await post({ profileIds: [ids.gdu], weights: { [ids.gdu]: -1 } })).status).toBe(400);
    const bad = await merges.POST(req("/api/merges", { method: "POST", body: "not json" }), params({}));
    expect(bad.status).toBe(400);
    const missing = await post({ profileIds: [ids.gdu, "no-such-profile"] });
    expect(missing.status).toBe(404);
    expect((await json<{ error: string }>(missing)).error).toContain("no-such-profile");
    expect((await post({ profileIds: [ids.gdu] }, VIEWER)).status).toBe(403);
  });
});

describe("a stored merge of two real Go 1.20+ profiles (weights 1)", () => {
  let merge: MergeDto;
  let bytes: Uint8Array;
  beforeAll(async () => {
    merge = await create({ profileIds: [ids.gdu, ids.roulette], dropLabels: false });
    bytes = await download(merge.id);
  });

  it("is go tool pprof -proto -symbolize=none's file: same structure, header and values", () => {
    expect(canonical(decodeProfile(bytes))).toEqual(canonical(readProfile("expected/real-world.merged.pb.gz")));
  });

  it("gives go tool pprof -top's flat and cum for every function, and keeps Function.start_line", () => {
    const p = decodeProfile(bytes);
    for (const type of ["samples", "cpu"]) {
      const want = parseTop(fs.readFileSync(path.join(MERGE_TESTDATA, "expected", `real-world.top-${type}.txt`), "utf8"));
      const wanted = Object.fromEntries([...want].filter(([, r]) => r.flat !== 0 || r.cum !== 0));
      expect(Object.fromEntries(flatCum(p, type))).toEqual(wanted);
    }
    const withStart = p.function.filter((f) => Number(f.startLine) > 0).length;
    expect(withStart).toBeGreaterThan(100);
    expect(withStart).toBe(readProfile("expected/real-world.merged.pb.gz").function.filter((f) => Number(f.startLine) > 0).length);
  });

  it("describes itself: inputs, options, size, sha256, hot-edge summary", async () => {
    const got = await json<{ merge: MergeDto }>(await mergeById.GET(req(`/api/merges/${merge.id}`), params({ id: merge.id })));
    expect(got.merge).toEqual(merge);
    expect(merge.inputs.map((i) => [i.profileId, i.service, i.weight])).toEqual([
      [ids.gdu, "users", 1],
      [ids.roulette, "search", 1],
    ]);
    expect(merge.options).toEqual({ dropLabels: false, minimal: false, guardHazards: false, weights: "unit" });
    expect(merge.sizeBytes).toBe(bytes.length);
    expect(merge.fullSizeBytes).toBeNull();
    expect(merge.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(merge.sampleType).toBe("samples/count");
    expect(merge.hotEdges).toMatchObject({ totalWeight: 22396, count: 705, thresholdWeight: 1, cdfPercent: 99 });
    expect(merge.downloadUrl).toBe(`/api/merges/${merge.id}/default.pgo`);
  });

  it("previews Go's hot call sites exactly (the compiler's edge map, go tool preprofile)", async () => {
    const want = expectedEdges("real-world.merged");
    const res = await storedPreview.GET(req(`/api/merges/${merge.id}/preview`), params({ id: merge.id }));
    const body = await json<{
      contributions: { profileId: string; service: string; share: number }[];
      hotEdges: { sampleType: string; totalWeight: number; cdfPercent: number; thresholdWeight: number; edges: unknown[] };
      coverage: { service: string; hotShare: number }[];
      warnings: string[];
    }>(res);
    expect(body.hotEdges.sampleType).toBe("samples/count");
    expect(body.hotEdges.totalWeight).toBe(want.total);
    expect(body.hotEdges.cdfPercent).toBe(99);
    expect(body.hotEdges.thresholdWeight).toBe(want.threshold);
    expect(body.hotEdges.edges).toEqual(want.edges.slice(0, want.hot));
    expect(body.hotEdges.edges).toEqual(hotEdges(pgoEdgeMap(decodeProfile(bytes))).edges);
    const [users, search] = body.contributions;
    expect(users).toMatchObject({ profileId: ids.gdu, service: "users" });
    expect(users.share).toBeCloseTo(20992 / (20992 + 1404), 2);
    expect(users.share + search.share).toBeCloseTo(1, 12);
    expect(body.coverage.map((c) => c.service)).toEqual(["users", "search"]);
    for (const c of body.coverage) expect(c.hotShare).toBeGreaterThan(0.5);
    expect(body.warnings.join("\n")).toContain("runtime.gopark");
    const limited = await json<{ hotEdges: { edges: unknown[]; count: number } }>(
      await storedPreview.GET(req(`/api/merges/${merge.id}/preview?limit=10`), params({ id: merge.id })),
    );
    expect(limited.hotEdges.edges).toHaveLength(10);
    expect(limited.hotEdges.count).toBe(705);
  });

  it("the unsaved preview of the same selection is the same, and is cached", async () => {
    const url = `/api/merges/preview?profileId=${ids.gdu}&profileId=${ids.roulette}`;
    const first = await preview.GET(req(url), params({}));
    expect(first.status).toBe(200);
    const body = await json<{ hotEdges: unknown; coverage: unknown; contributions: unknown; warnings: unknown }>(first);
    const stored = await json<typeof body>(await storedPreview.GET(req(`/api/merges/${merge.id}/preview`), params({ id: merge.id })));
    expect(body.hotEdges).toEqual(stored.hotEdges);
    expect(body.coverage).toEqual(stored.coverage);
    expect(body.contributions).toEqual(stored.contributions);
    const again = await preview.GET(req(url), params({}));
    expect(again.headers.get("server-timing")).toContain("cache hit");
  });

  it("after a restart (caches dropped) the inputs' indexes load from the blob store, not from the profiles", async () => {
    const { mergeService } = await import("../../../lib/merges/merge-service");
    await mergeService().idle();
    mergeService().clear();
    const before = { ...mergeService().stats };
    const res = await preview.GET(req(`/api/merges/preview?profileId=${ids.gdu}&profileId=${ids.roulette}&weight=${ids.gdu}:2`), params({}));
    expect(res.status).toBe(200);
    expect(mergeService().stats.indexLoads - before.indexLoads).toBe(2);
    expect(mergeService().stats.indexBuilds).toBe(before.indexBuilds);
  });

  it("serves flame graphs of the selection and of the stored file", async () => {
    const url = `/api/merges/preview/flamegraph?profileId=${ids.gdu}&profileId=${ids.roulette}`;
    const live = await json<{ name: string; value: number; sampleType: string; children: { name: string }[] }>(await previewFlame.GET(req(url), params({})));
    const stored = await json<typeof live>(await storedFlame.GET(req(`/api/merges/${merge.id}/flamegraph`), params({ id: merge.id })));
    expect(live.sampleType).toBe("cpu");
    expect(stored.sampleType).toBe("cpu");
    expect(live.children.map((c) => c.name)).toEqual(stored.children.map((c) => c.name));
    expect(live.value).toBeGreaterThanOrEqual(stored.value);
  });
});

describe("options", () => {
  it("PGO-minimal: a smaller file with the identical edge map; both sizes stored", async () => {
    const full = await create({ profileIds: [ids.gdu, ids.roulette] });
    const minimal = await create({ profileIds: [ids.gdu, ids.roulette], minimal: true });
    const fullBytes = await download(full.id);
    const minBytes = await download(minimal.id);
    expect(minimal.fullSizeBytes).toBe(fullBytes.length);
    expect(minimal.sizeBytes).toBe(minBytes.length);
    // These two are already compact default.pgo files; synthetic profiles shrink 8x (bench/merge.mjs).
    expect(minBytes.length).toBeLessThan(fullBytes.length * 0.8);
    const a = pgoEdgeMap(decodeProfile(fullBytes));
    const b = pgoEdgeMap(decodeProfile(minBytes));
    expect(b.totalWeight).toBe(a.totalWeight);
    expect(new Map([...b.edges].map(([k, e]) => [k, e.weight]))).toEqual(new Map([...a.edges].map(([k, e]) => [k, e.weight])));
    expect(decodeProfile(minBytes).function.filter((f) => Number(f.startLine) > 0).length).toBeGreaterThan(100);
    expect(minimal.hotEdges).toEqual(full.hotEdges);
  });

  it("weights: Profile.Scale per input, and the stored preview matches the written file", async () => {
    const m = await create({ profileIds: [ids.gdu, ids.roulette], weights: { [ids.roulette]: 10 } });
    expect(m.options.weights).toBe("custom");
    const file = pgoEdgeMap(decodeProfile(await download(m.id)));
    expect(m.hotEdges.totalWeight).toBe(file.totalWeight);
    expect(m.hotEdges.totalWeight).toBe(20992 + 10 * 1404);
    const eq = await create({ profileIds: [ids.gdu, ids.roulette], equalise: true });
    expect(eq.options.weights).toBe("equal");
    expect(eq.inputs[0].weight).toBe(1);
    expect(eq.inputs[1].weight).toBeGreaterThan(14);
    expect(Math.abs(eq.contributions[0].share - eq.contributions[1].share)).toBeLessThan(0.01);
  });

  it("guardHazards renames runtime.gopark the way datadog-pgo does", async () => {
    const m = await create({ profileIds: [ids.gdu, ids.roulette], guardHazards: true });
    const p = decodeProfile(await download(m.id));
    const names = p.function.map((f) => p.stringTable.strings[Number(f.name)]);
    expect(names).toContain(`${DO_NOT_INLINE_PREFIX}runtime.gopark`);
    expect(m.warnings.join("\n")).not.toContain("runtime.gopark is called");
    const body = await json<{ hotEdges: { edges: unknown[] } }>(await storedPreview.GET(req(`/api/merges/${m.id}/preview`), params({ id: m.id })));
    expect(body.hotEdges.edges).toEqual(hotEdges(pgoEdgeMap(p)).edges);
  });

  it("Go 1.19 inputs are stored with the build-breaking warning", async () => {
    const m = await create({ profileIds: [ids.cpuA, ids.cpuB] });
    expect(m.hotEdges.missingStartLine).toBe(true);
    expect(m.hotEdges.error).toBe(PGO_MISSING_START_LINE);
    expect(m.warnings[0]).toContain("go build -pgo fails");
  });
});

describe("history and comparison", () => {
  it("lists merges newest first; 404 for an unknown one", async () => {
    const list = await json<{ merges: MergeDto[] }>(await merges.GET(req("/api/merges"), params({})));
    expect(list.merges.length).toBeGreaterThanOrEqual(6);
    const times = list.merges.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await mergeById.GET(req("/api/merges/nope"), params({ id: "nope" }))).status).toBe(404);
    expect((await mergeFile.GET(req("/api/merges/nope/default.pgo"), params({ id: "nope" }))).status).toBe(404);
  });

  it("compares two merges: call sites that appear, disappear and move", async () => {
    const base = await create({ profileIds: [ids.gdu] });
    const target = await create({ profileIds: [ids.gdu, ids.roulette], weights: { [ids.roulette]: 10 } });
    const res = await compare.GET(req(`/api/merges/compare?base=${base.id}&target=${target.id}`), params({}));
    expect(res.status).toBe(200);
    const body = await json<{
      base: MergeDto;
      target: MergeDto;
      appeared: { callee: string; targetRank: number }[];
      disappeared: unknown[];
      moved: unknown[];
      counts: { base: number; target: number; appeared: number; disappeared: number; moved: number };
      unchanged: number;
    }>(res);
    expect(body.base.id).toBe(base.id);
    expect(body.counts.base).toBe(549);
    expect(body.counts.appeared).toBeGreaterThan(0);
    expect(body.appeared.some((e) => e.callee.startsWith("internal/runtime/"))).toBe(true);
    expect(body.counts.target).toBe(body.counts.appeared + body.counts.moved + body.unchanged);
    expect(body.counts.base).toBe(body.counts.disappeared + body.counts.moved + body.unchanged);
    expect((await compare.GET(req(`/api/merges/compare?base=${base.id}`), params({}))).status).toBe(400);
  });
});

describe("GET /api/pgo (CI)", () => {
  it("merges the latest profile of each service into a default.pgo download", async () => {
    const res = await pgo.GET(req("/api/pgo?service=users&service=search", undefined, VIEWER), params({}));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="default.pgo"');
    expect(res.headers.get("x-fleetscope-services")).toBe("users,search");
    const p = decodeProfile(new Uint8Array(await res.arrayBuffer()));
    expect(pgoEdgeMap(p).totalWeight).toBe(22396);
    expect(p.function.some((f) => Number(f.startLine) > 0)).toBe(true);
  });

  it("serves a stored merge of the same inputs and options as stored", async () => {
    const m = await create({ profileIds: [ids.gdu, ids.roulette, ids.merged], minimal: true });
    const res = await pgo.GET(req("/api/pgo?service=users&service=search&service=reports&minimal=1"), params({}));
    expect(res.headers.get("x-fleetscope-merge-id")).toBe(m.id);
    expect(res.headers.get("x-content-sha256")).toBe(m.sha256);
  });

  it("answers clear 4xx JSON: no service, unknown service, bad name, a file go build would refuse", async () => {
    const none = await pgo.GET(req("/api/pgo"), params({}));
    expect(none.status).toBe(400);
    expect((await json<{ error: string }>(none)).error).toContain("service=");
    const unknown = await pgo.GET(req("/api/pgo?service=users&service=nope"), params({}));
    expect(unknown.status).toBe(404);
    const msg = (await json<{ error: string }>(unknown)).error;
    expect(msg).toContain('"nope"');
    expect(msg).toContain("users");
    expect((await pgo.GET(req("/api/pgo?service=../etc"), params({}))).status).toBe(400);
    const legacy = await pgo.GET(req("/api/pgo?service=legacy"), params({}));
    expect(legacy.status).toBe(422);
    expect((await json<{ error: string }>(legacy)).error).toContain("Function.start_line");
    const mixed = await pgo.GET(req("/api/pgo?service=users&service=heap"), params({}));
    expect(mixed.status).toBe(422);
    expect((await json<{ error: string }>(mixed)).error).toContain("empty common sample type list");
  });
});
