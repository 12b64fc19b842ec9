import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { parsePprofTop, parsePprofValue } from "../../../lib/pprof/testdata/fixtures";
import { parsePprofDot, parsePprofTags, pprofCases, type PprofCase } from "../../../lib/pprof/testdata/filters/cases";
import { freshDataDir, json, params, req } from "../_testing/harness";

let profiles: typeof import("./route");
let top: typeof import("./[id]/top/route");
let flame: typeof import("./[id]/flamegraph/route");
let peek: typeof import("./[id]/peek/route");
let tags: typeof import("./[id]/tags/route");
let compare: typeof import("./compare/route");
let graph: typeof import("./[id]/graph/route");
let sandwich: typeof import("./[id]/sandwich/route");

type Row = { name: string; flat: number; cum: number };
type TopBody = { total: number; profileTotal?: number; unmatched?: string[]; rows: Row[] };
type FlameBody = { value: number; total: number; profileTotal?: number; children: unknown[] };

const uploaded = new Map<string, { id: string; sampleTypes: string[] }>();

async function upload(file: string) {
  const res = await profiles.POST(req(`/api/profiles?service=filters`, { method: "POST", body: new Uint8Array(fs.readFileSync(file)) as BodyInit }), params({}));
  expect([200, 201]).toContain(res.status);
  const { profile } = await json<{ profile: { id: string; sampleTypes: { type: string }[] } }>(res);
  uploaded.set(file, { id: profile.id, sampleTypes: profile.sampleTypes.map((t) => t.type) });
}

/** The case's flags as the API's query parameters. */
function queryOf(c: PprofCase): string {
  const { sampleTypes } = uploaded.get(c.fixture)!;
  const q = new URLSearchParams({ sampleType: sampleTypes[c.sampleIndex], granularity: c.granularity });
  for (const [name, value] of Object.entries(c.filters)) q.set(name, value);
  return `?${q}`;
}

const get = (handler: { GET: typeof top.GET }, view: string, id: string, query: string) =>
  handler.GET(req(`/api/profiles/${id}/${view}${query}`), params({ id }));

// The Go 1.26 fixtures (the real-world and Go 1.19 ones are covered by lib/pprof/filters.test.ts).
const cases = pprofCases().filter((c) => c.fixture.includes("go126-"));

beforeAll(async () => {
  freshDataDir();
  profiles = await import("./route");
  top = await import("./[id]/top/route");
  flame = await import("./[id]/flamegraph/route");
  peek = await import("./[id]/peek/route");
  tags = await import("./[id]/tags/route");
  compare = await import("./compare/route");
  graph = await import("./[id]/graph/route");
  sandwich = await import("./[id]/sandwich/route");
  for (const file of new Set(cases.map((c) => c.fixture))) await upload(file);
});

describe("pprof's filters through the API", () => {
  for (const c of cases.filter((x) => x.report === "top")) {
    it(`top ${c.flags.join(" ")} equals go tool pprof -top, and the flame graph holds the same samples`, async () => {
      const { id } = uploaded.get(c.fixture)!;
      const res = await get(top, "top", id, queryOf(c));
      expect(res.status).toBe(200);
      const body = await json<TopBody>(res);
      const expected = parsePprofTop(c.expected);
      expect(body.total).toBe(parsePprofValue(expected.total).value);
      const sameOrder = (rows: Row[]) => [...rows].sort((a, b) => b.flat - a.flat || (a.name < b.name ? -1 : a.name > b.name ? 1 : b.cum - a.cum));
      expect(sameOrder(body.rows)).toEqual(sameOrder(expected.rows.map((r) => ({ name: r.name, flat: parsePprofValue(r.flat).value, cum: parsePprofValue(r.cum).value }))));
      // "Showing nodes accounting for X": the filtered samples' sum, the flame graph's root.
      const shown = /accounting for (\S+),/.exec(c.expected)![1];
      const tree = await json<FlameBody>(await get(flame, "flamegraph", id, queryOf(c)));
      expect(tree.value).toBe(shown === "0" ? 0 : parsePprofValue(shown).value);
      expect(tree.profileTotal).toBe(body.total);
    });
  }

  for (const c of cases.filter((x) => x.report === "tags")) {
    it(`tags ${c.flags.join(" ") || "(no filter)"} equals go tool pprof -tags`, async () => {
      const { id } = uploaded.get(c.fixture)!;
      const body = await json<{ keys: { key: string; total: number; values: { value: string; amount: number }[] }[] }>(
        await get(tags, "tags", id, queryOf(c)),
      );
      const want = parsePprofTags(c.expected);
      expect(body.keys.map((k) => [k.key, k.total])).toEqual(want.map((k) => [k.key, parsePprofValue(k.total).value]));
      for (const [i, k] of want.entries()) {
        // Numeric values are printed in pprof's default unit by the API (the reference is in exact units).
        if (c.unit !== "minimum" && body.keys[i].key === "bytes") continue;
        expect(body.keys[i].values.map((v) => [v.value, v.amount])).toEqual(k.values.map((v) => [v.value, parsePprofValue(v.amount).value]));
      }
    });
  }

  // CPU profiles (numeric tags, which group by their printed value, are printed in pprof's default unit by the API).
  for (const c of cases.filter((x) => x.report === "dot" && !x.name.startsWith("heap"))) {
    it(`graph ${c.flags.join(" ") || "(defaults)"} has go tool pprof -dot's nodes and edges`, async () => {
      const { id } = uploaded.get(c.fixture)!;
      const res = await get(graph, "graph", id, queryOf(c));
      expect(res.status).toBe(200);
      type GraphBody = { nodes: { id: number; name: string; flat: number; cum: number }[]; edges: { from: number; to: number; weight: number; residual: boolean; inline: boolean }[]; shown: number };
      const body = await json<GraphBody>(res);
      const want = parsePprofDot(c.expected);
      expect(body.nodes.map((n) => [n.name, n.flat, n.cum])).toEqual(want.nodes.map((n) => [n.name, parsePprofValue(n.flat).value, parsePprofValue(n.cum).value]));
      const name = new Map(body.nodes.map((n) => [n.id, n.name]));
      const edges = (list: { from: string; to: string; weight: number; residual: boolean; inline: boolean }[]) => list.map((e) => `${e.from} ${e.residual ? "..." : "->"} ${e.to} ${e.weight}${e.inline ? " inline" : ""}`).sort();
      expect(edges(body.edges.map((e) => ({ ...e, from: name.get(e.from)!, to: name.get(e.to)! })))).toEqual(edges(want.edges.map((e) => ({ ...e, weight: parsePprofValue(e.weight).value }))));
      expect(body.shown).toBe(parsePprofValue(/accounting for (\S+),/.exec(c.expected)![1]).value);
    });
  }

  it("answers 400 for a bad nodecount or fraction", async () => {
    const { id } = uploaded.values().next().value!;
    expect((await get(graph, "graph", id, "?nodecount=0")).status).toBe(400);
    expect((await get(graph, "graph", id, "?edgefraction=2")).status).toBe(400);
    expect((await get(graph, "graph", id, "?nodecount=5")).status).toBe(200);
  });

  it("sandwich: a function's callees and inverted callers, each worth its cum, through the filters", async () => {
    const c = cases.find((x) => x.name === "users-tagfocus-endpoint")!;
    const { id } = uploaded.get(c.fixture)!;
    const body = await json<TopBody>(await get(top, "top", id, queryOf(c)));
    const row = body.rows.find((r) => r.name === "encoding/json.Unmarshal")!;
    const res = await get(sandwich, "sandwich", id, `${queryOf(c)}&function=${encodeURIComponent(row.name)}&minFraction=0`);
    expect(res.status).toBe(200);
    type Tree = { name: string; value: number; children: Tree[] };
    const s = await json<{ cum: number; total: number; callers: Tree; callees: Tree }>(res);
    expect(s).toMatchObject({ cum: row.cum, total: body.total });
    expect(s.callees.children.map((n) => [n.name, n.value])).toEqual([[row.name, row.cum]]);
    expect(s.callers.children.map((n) => [n.name, n.value])).toEqual([[row.name, row.cum]]);
    expect(s.callers.children[0].children.map((n) => n.name)).toContain("fleetscope.test/goservices/services.usersUnit.func1");
    expect((await get(sandwich, "sandwich", id, "?function=no.such")).status).toBe(404);
  });

  it("peek through a filter gives the filtered table's flat and cum", async () => {
    const c = cases.find((x) => x.name === "users-focus-ignore")!;
    const { id } = uploaded.get(c.fixture)!;
    const body = await json<TopBody>(await get(top, "top", id, queryOf(c)));
    const row = body.rows.find((r) => r.cum > 0 && r.name.startsWith("encoding/json"))!;
    const res = await get(peek, "peek", id, `${queryOf(c)}&function=${encodeURIComponent(row.name)}`);
    expect(res.status).toBe(200);
    expect(await json<Row & { total: number }>(res)).toMatchObject({ name: row.name, flat: row.flat, cum: row.cum, total: body.total });
  });

  it("compares two profiles through the same filters", async () => {
    const users = uploaded.get(cases.find((x) => x.name === "users-focus-json")!.fixture)!.id;
    const search = [...uploaded.entries()].find(([file]) => file.includes("go126-search"))?.[1].id;
    const other = search ?? users;
    const whole = await json<{ changes: { name: string }[] }>(await compare.GET(req(`/api/profiles/compare?base=${users}&target=${other}&sampleType=cpu`), params({})));
    const res = await compare.GET(req(`/api/profiles/compare?base=${users}&target=${other}&sampleType=cpu&show=json`), params({}));
    expect(res.status).toBe(200);
    const body = await json<{ changes: { name: string }[] }>(res);
    expect(body.changes.length).toBeGreaterThan(0);
    expect(body.changes.length).toBeLessThan(whole.changes.length);
    expect(body.changes.every((ch) => ch.name.includes("json"))).toBe(true);
  });

  it("answers 400 naming the option for a bad regular expression, a bad tag filter or granularity", async () => {
    const { id } = uploaded.values().next().value!;
    for (const [view, handler] of [["top", top], ["flamegraph", flame], ["tags", tags]] as const) {
      const res = await get(handler, view, id, "?focus=json(");
      expect(res.status).toBe(400);
      expect((await json<{ error: string }>(res)).error).toMatch(/^focus: "json\(" is not a valid regular expression/);
    }
    const tag = await get(top, "top", id, "?tagignore=tenant=*acme");
    expect(tag.status).toBe(400);
    expect((await json<{ error: string }>(tag)).error).toMatch(/^tagignore: "\*acme" is not a valid regular expression/);
    const gran = await get(top, "top", id, "?granularity=addresses");
    expect(gran.status).toBe(400);
    expect((await json<{ error: string }>(gran)).error).toContain("granularity must be one of functions, lines, files");
  });

  it("says which filters matched nothing", async () => {
    const { id } = uploaded.values().next().value!;
    const body = await json<TopBody>(await get(top, "top", id, "?focus=no-such-function&tagfocus=tenant=nobody"));
    expect(body.rows).toEqual([]);
    expect(body.unmatched?.sort()).toEqual(["focus", "tagfocus"]);
  });
});
