import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePprofValue, pprofPeekOutputs, pprofTopOutputs, FIXTURES as FIXTURE_FILES, type FixtureName } from "../../../lib/pprof/testdata/fixtures";
import { FIXTURES, fixture, freshDataDir, json, params, req } from "../_testing/harness";

let profiles: typeof import("./route");
let profileById: typeof import("./[id]/route");
let top: typeof import("./[id]/top/route");
let flame: typeof import("./[id]/flamegraph/route");
let compare: typeof import("./compare/route");
let peek: typeof import("./[id]/peek/route");
const ids = {} as Record<FixtureName | "a" | "b" | "empty", string>;

type TopBody = { sampleType: string; unit: string; total: number; rows: { name: string; flat: number; cum: number }[] };
type FlameBody = { name: string; value: number; children: FlameBody[]; total: number; unit: string; sampleType: string; folded: { value: number; frames: number } };
type CompareBody = {
  sampleType: string;
  normalised: boolean;
  base: { id: string; total: number };
  target: { id: string; total: number };
  tree: { value: number; delta: number };
  changes: { name: string; deltaFlat: number; deltaCum: number }[];
};

async function upload(bytes: Uint8Array, service = "viewer") {
  const res = await profiles.POST(req(`/api/profiles?service=${service}`, { method: "POST", body: bytes as BodyInit }), params({}));
  expect([200, 201]).toContain(res.status);
  return (await json<{ profile: { id: string } }>(res)).profile.id;
}

const getTop = (id: string, query = "") => top.GET(req(`/api/profiles/${id}/top${query}`), params({ id }));
const getFlame = (id: string, query = "") => flame.GET(req(`/api/profiles/${id}/flamegraph${query}`), params({ id }));
const getPeek = (id: string, query = "") => peek.GET(req(`/api/profiles/${id}/peek${query}`), params({ id }));
const getCompare = (query: string) => compare.GET(req(`/api/profiles/compare${query}`), params({}));

beforeAll(async () => {
  freshDataDir();
  profiles = await import("./route");
  profileById = await import("./[id]/route");
  top = await import("./[id]/top/route");
  flame = await import("./[id]/flamegraph/route");
  compare = await import("./compare/route");
  peek = await import("./[id]/peek/route");
  for (const name of Object.keys(FIXTURE_FILES) as FixtureName[]) ids[name] = await upload(fixture(FIXTURE_FILES[name]));
  const diffDir = path.join(FIXTURES, "diff");
  ids.a = await upload(new Uint8Array(fs.readFileSync(path.join(diffDir, "go19-cpu-a.pb.gz"))), "pair");
  ids.b = await upload(new Uint8Array(fs.readFileSync(path.join(diffDir, "go19-cpu-b.pb.gz"))), "pair");
});

describe("GET /api/profiles/:id/top", () => {
  for (const out of pprofTopOutputs().filter((o) => o.exact)) {
    it(`equals go tool pprof -top for ${out.fixture} ${out.sampleType}`, async () => {
      const res = await getTop(ids[out.fixture], `?sampleType=${out.sampleType}`);
      expect(res.status).toBe(200);
      const body = await json<TopBody>(res);
      expect(body.sampleType).toBe(out.sampleType);
      expect(body.total).toBe(parsePprofValue(out.total).value);
      expect(body.rows).toEqual(
        out.rows.map((r) => ({ name: r.name, flat: parsePprofValue(r.flat).value, cum: parsePprofValue(r.cum).value })),
      );
    });
  }

  it("uses the profile's default sample type when none is given", async () => {
    expect(await json<TopBody>(await getTop(ids["go19-heap"]))).toMatchObject({ sampleType: "inuse_space", unit: "bytes" });
    expect(await json<TopBody>(await getTop(ids["go19-cpu"]))).toMatchObject({ sampleType: "cpu", unit: "nanoseconds" });
  });

  it("answers 400 naming the valid sample types for an unknown one", async () => {
    const res = await getTop(ids["go19-heap"], "?sampleType=cpu");
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toBe(
      'unknown sample type "cpu"; this profile has: alloc_objects, alloc_space, inuse_objects, inuse_space',
    );
  });

  it("answers 404 with a JSON error for an unknown id", async () => {
    const res = await getTop("no-such-profile");
    expect(res.status).toBe(404);
    expect((await json<{ error: string }>(res)).error).toMatch(/no profile with id no-such-profile/);
  });
});

describe("GET /api/profiles/:id/flamegraph", () => {
  it("returns the d3-flame-graph tree at the top level with a root equal to the total", async () => {
    const res = await getFlame(ids["go19-cpu"], "?sampleType=cpu");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const body = await json<FlameBody>(res);
    const expected = pprofTopOutputs().find((o) => o.fixture === "go19-cpu" && o.sampleType === "cpu" && o.exact)!;
    expect(body).toMatchObject({ name: "root", sampleType: "cpu", unit: "nanoseconds" });
    expect(body.value).toBe(parsePprofValue(expected.total).value);
    expect(body.total).toBe(body.value);
    expect(body.children.length).toBeGreaterThan(0);
    const sum = body.children.reduce((s, c) => s + c.value, 0);
    expect(sum).toBeLessThanOrEqual(body.value);
  });

  it("folds frames under minFraction and says how much", async () => {
    const all = await json<FlameBody>(await getFlame(ids.gdu, "?minFraction=0"));
    const pruned = await json<FlameBody>(await getFlame(ids.gdu, "?minFraction=0.05"));
    expect(all.folded).toEqual({ value: 0, frames: 0 });
    expect(pruned.folded.frames).toBeGreaterThan(0);
    expect(pruned.folded.value).toBeGreaterThan(0);
    expect(pruned.value).toBe(all.value);
  });

  it("with focus, shows every frame under a frame that the whole graph folded, pruned at minFraction of its value", async () => {
    type Node = { name: string; value: number; children: Node[] };
    const pathsOf = (node: Node, prefix: string[] = []): Map<string, number> => {
      const out = new Map<string, number>();
      const walk = (n: Node, at: string[]) => {
        out.set(at.join(";"), n.value);
        for (const c of n.children) walk(c, [...at, c.name]);
      };
      walk(node, prefix);
      return out;
    };
    const all = pathsOf(await json<FlameBody>(await getFlame(ids.gdu, "?minFraction=0")));
    const whole = await json<FlameBody>(await getFlame(ids.gdu, "?minFraction=0.01"));
    const shown = pathsOf(whole);
    // The frame of the whole graph with the most frames folded under it.
    const hidden = (prefix: string) => [...all.keys()].filter((p) => p.startsWith(`${prefix};`) && !shown.has(p)).length;
    const [target] = [...shown.keys()].filter((p) => p !== "").sort((a, b) => hidden(b) - hidden(a));
    expect(hidden(target)).toBeGreaterThan(0);

    const focus = target.split(";");
    const res = await getFlame(ids.gdu, `?minFraction=0.01&${focus.map((f) => `path=${encodeURIComponent(f)}`).join("&")}`);
    expect(res.status).toBe(200);
    const focused = await json<FlameBody & { focus: string[] }>(res);
    expect(focused.focus).toEqual(focus);
    expect(focused.value).toBe(all.get(target));
    expect(focused.total).toBe(whole.total);
    const focusedPaths = pathsOf(focused);
    // Every frame is on the way to the focus or under it, with the value the unpruned graph gives it.
    for (const [p, value] of focusedPaths) {
      if (p === "") continue;
      expect(target.startsWith(p) || p.startsWith(`${target};`), p).toBe(true);
      if (p.startsWith(`${target};`)) expect(value, p).toBe(all.get(p));
    }
    // Frames the whole graph folded are back.
    expect([...focusedPaths.keys()].filter((p) => !shown.has(p)).length).toBeGreaterThan(0);
  });

  it("answers 400 for an empty focus frame or too many, an empty tree for a path no stack has", async () => {
    expect((await getFlame(ids.gdu, "?path=")).status).toBe(400);
    expect((await getFlame(ids.gdu, `?${Array.from({ length: 1025 }, () => "path=f").join("&")}`)).status).toBe(400);
    const none = await json<FlameBody>(await getFlame(ids.gdu, "?path=no.such.function"));
    expect(none.value).toBe(0);
    expect(none.children).toEqual([]);
  });

  it("serves the second request from the cache", async () => {
    await getFlame(ids.roulette);
    const again = await getFlame(ids.roulette);
    expect(again.headers.get("server-timing")).toMatch(/cache hit/);
  });

  it("answers 400 for a bad minFraction or sample type, 404 for an unknown id", async () => {
    expect((await getFlame(ids.gdu, "?minFraction=2")).status).toBe(400);
    const bad = await getFlame(ids.gdu, "?sampleType=alloc_space");
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/this profile has: samples, cpu/);
    expect((await getFlame("nope")).status).toBe(404);
  });
});

describe("GET /api/profiles/:id/peek", () => {
  type PeekBody = { sampleType: string; unit: string; total: number; name: string; flat: number; cum: number; callers: { name: string; value: number }[]; callees: { name: string; value: number }[] };

  it("gives a function's callers and callees as go tool pprof -peek does", async () => {
    const expected = pprofPeekOutputs().find((o) => o.fixture === "go19-cpu")!;
    for (const name of ["main.hashLoop", "main.isOdd", "sort.partition"]) {
      const res = await getPeek(ids["go19-cpu"], `?sampleType=cpu&function=${encodeURIComponent(name)}`);
      expect(res.status).toBe(200);
      const body = await json<PeekBody>(res);
      const node = expected.nodes.find((n) => n.name === name)!;
      expect(body).toMatchObject({ sampleType: "cpu", unit: "nanoseconds", name, total: 3_000_000_000 });
      expect([body.flat, body.cum]).toEqual([parsePprofValue(node.flat).value, parsePprofValue(node.cum).value]);
      expect(body.callers).toEqual(node.callers.map((e) => ({ name: e.name, value: parsePprofValue(e.value).value })));
      expect(body.callees).toEqual(node.callees.map((e) => ({ name: e.name, value: parsePprofValue(e.value).value })));
    }
  });

  it("answers 400 without a function, 404 for a function the profile does not have", async () => {
    const missing = await getPeek(ids["go19-cpu"]);
    expect(missing.status).toBe(400);
    expect((await json<{ error: string }>(missing)).error).toMatch(/function must be a function name/);
    const unknown = await getPeek(ids["go19-cpu"], "?function=main.nope");
    expect(unknown.status).toBe(404);
    expect((await json<{ error: string }>(unknown)).error).toMatch(/no function named "main.nope"/);
    expect((await getPeek(ids["go19-cpu"], "?function=main.fib&sampleType=alloc_space")).status).toBe(400);
  });
});

describe("GET /api/profiles/compare", () => {
  it("returns the differential tree and the largest changes, base normalised to the target", async () => {
    const res = await getCompare(`?base=${ids.a}&target=${ids.b}`);
    expect(res.status).toBe(200);
    const body = await json<CompareBody>(res);
    expect(body).toMatchObject({ sampleType: "cpu", normalised: true, base: { id: ids.a }, target: { id: ids.b } });
    expect(body.tree.value).toBeCloseTo(body.target.total, 0);
    expect(body.changes[0]).toMatchObject({ name: "crypto/sha256.block" });
    expect(body.changes[0].deltaFlat).toBeLessThan(0);
  });

  it("gives go tool pprof -diff_base's figures with normalise=false", async () => {
    const body = await json<CompareBody>(await getCompare(`?base=${ids.a}&target=${ids.b}&sampleType=samples&normalise=false`));
    expect(body.changes.slice(0, 3).map((c) => [c.name, c.deltaFlat, c.deltaCum])).toEqual([
      ["crypto/sha256.block", -105, -105],
      ["sort.partition", 30, 43],
      ["sort.IntSlice.Less", 14, 14],
    ]);
  });

  it("answers 422 for profiles with no sample type in common, 404 for an unknown id, 400 without ids", async () => {
    const none = await getCompare(`?base=${ids["go19-cpu"]}&target=${ids["go19-heap"]}`);
    expect(none.status).toBe(422);
    expect((await json<{ error: string }>(none)).error).toMatch(/no sample type in common/);
    expect((await getCompare(`?base=${ids.a}&target=missing`)).status).toBe(404);
    expect((await getCompare(`?base=${ids.a}`)).status).toBe(400);
    const badType = await getCompare(`?base=${ids.a}&target=${ids.b}&sampleType=alloc_space`);
    expect(badType.status).toBe(400);
    expect((await json<{ error: string }>(badType)).error).toMatch(/samples, cpu/);
  });
});

describe("profile lifecycle", () => {
  it("serves nothing for a profile after it is deleted", async () => {
    const id = await upload(fixture("go19-cpu.pb.gz"), "short-lived");
    expect((await getTop(id)).status).toBe(200);
    const del = await profileById.DELETE(req(`/api/profiles/${id}`, { method: "DELETE" }), params({ id }));
    expect(del.status).toBe(204);
    expect((await getTop(id)).status).toBe(404);
    expect((await getFlame(id)).status).toBe(404);
  });
});
