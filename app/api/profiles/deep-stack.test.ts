// Issue 14: a flame graph of a stack deeper than about 2,000 frames answered 500 (RangeError in
// JSON.stringify), for profiles, stored merges and merge previews, and the upload's view
// precomputation failed the same way. A profile the upload accepts must have working views.
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_FLAME_DEPTH } from "../../../lib/pprof/flame-tree";
import { deepStackProfile } from "../../../testing/pprof/deep-stack";
import { freshDataDir, json, params, req } from "../_testing/harness";

const DEPTH = 10_000;
const deepProfile = (seed: number) => deepStackProfile(DEPTH, seed);

type Node = { name: string; value: number; children: Node[] };

/** Depth of a tree (frames below the root), walked without recursion. */
function depthOf(root: Node): number {
  let max = 0;
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    max = Math.max(max, depth);
    for (const c of node.children) stack.push([c, depth + 1]);
  }
  return max;
}

let profiles: typeof import("./route");
let flame: typeof import("./[id]/flamegraph/route");
let compare: typeof import("./compare/route");
let peek: typeof import("./[id]/peek/route");
let top: typeof import("./[id]/top/route");
let merges: typeof import("../merges/route");
let storedFlame: typeof import("../merges/[id]/flamegraph/route");
let previewFlame: typeof import("../merges/preview/flamegraph/route");
let preview: typeof import("../merges/preview/route");
let views: typeof import("../../../lib/profiles/profile-views");
let context: typeof import("../../../lib/profiles/context");
const ids: string[] = [];

beforeAll(async () => {
  freshDataDir();
  profiles = await import("./route");
  flame = await import("./[id]/flamegraph/route");
  compare = await import("./compare/route");
  peek = await import("./[id]/peek/route");
  top = await import("./[id]/top/route");
  merges = await import("../merges/route");
  storedFlame = await import("../merges/[id]/flamegraph/route");
  previewFlame = await import("../merges/preview/flamegraph/route");
  preview = await import("../merges/preview/route");
  views = await import("../../../lib/profiles/profile-views");
  context = await import("../../../lib/profiles/context");
  for (const seed of [1, 2]) {
    const res = await profiles.POST(req("/api/profiles?service=deep", { method: "POST", body: deepProfile(seed) as BodyInit }), params({}));
    expect(res.status).toBe(201);
    ids.push((await json<{ profile: { id: string } }>(res)).profile.id);
  }
}, 60_000);

describe(`a stack ${DEPTH.toLocaleString("en-US")} frames deep`, () => {
  it("has a flame graph: frames past the deepest drawn one are folded and counted", async () => {
    const res = await flame.GET(req(`/api/profiles/${ids[0]}/flamegraph?minFraction=0`), params({ id: ids[0] }));
    expect(res.status, await res.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    const body = await json<Node & { total: number; folded: { value: number; frames: number } }>(res);
    expect(body.value).toBe(11 * 10_000_000);
    expect(depthOf(body)).toBe(MAX_FLAME_DEPTH);
    // The deep stack's frames under the deepest drawn one: DEPTH - MAX_FLAME_DEPTH of them, worth its value.
    expect(body.folded).toEqual({ value: 8 * 10_000_000, frames: DEPTH - MAX_FLAME_DEPTH });
  });

  it("is precomputed at upload like any profile (the default flame graph and top are cached)", async () => {
    const cache = views.profileViews();
    await cache.warm(context.profileDeps(), ids[1]);
    const before = cache.usage().viewMisses;
    const res = await flame.GET(req(`/api/profiles/${ids[1]}/flamegraph`), params({ id: ids[1] }));
    expect(res.status).toBe(200);
    expect(res.headers.get("server-timing")).toContain("cache hit");
    expect(cache.usage().viewMisses).toBe(before);
  });

  it("has a flame graph focused on a frame a thousand frames down", async () => {
    const focus = ["main.main", ...Array.from({ length: 999 }, (_, d) => `deep.f${d % 50}`)];
    const query = focus.map((f) => `path=${encodeURIComponent(f)}`).join("&");
    const res = await flame.GET(req(`/api/profiles/${ids[0]}/flamegraph?minFraction=0&${query}`), params({ id: ids[0] }));
    expect(res.status).toBe(200);
    const body = await json<Node>(res);
    expect(body.value).toBe(8 * 10_000_000);
    // The path to the focused frame, then up to MAX_FLAME_DEPTH frames under it.
    expect(depthOf(body)).toBe(focus.length + MAX_FLAME_DEPTH);
  });

  it("has a top table, a peek and a comparison", async () => {
    const topRes = await top.GET(req(`/api/profiles/${ids[0]}/top`), params({ id: ids[0] }));
    expect(topRes.status).toBe(200);
    const rows = (await json<{ rows: { name: string; flat: number; cum: number }[] }>(topRes)).rows;
    expect(rows.find((r) => r.name === "main.main")).toMatchObject({ flat: 0, cum: 11 * 10_000_000 });
    const peekRes = await peek.GET(req(`/api/profiles/${ids[0]}/peek?function=deep.f7`), params({ id: ids[0] }));
    expect(peekRes.status).toBe(200);
    const cmp = await compare.GET(req(`/api/profiles/compare?base=${ids[0]}&target=${ids[1]}&minFraction=0`), params({}));
    expect(cmp.status, await cmp.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    const body = await json<{ tree: Node; folded: { frames: number } }>(cmp);
    expect(depthOf(body.tree)).toBe(MAX_FLAME_DEPTH);
    expect(body.folded.frames).toBe(DEPTH - MAX_FLAME_DEPTH);
  });

  it("has a merge preview flame graph and a stored merge flame graph", async () => {
    const selection = ids.map((id) => `profileId=${id}`).join("&");
    const live = await previewFlame.GET(req(`/api/merges/preview/flamegraph?${selection}`), params({}));
    expect(live.status, await live.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    const liveBody = await json<Node>(live);
    expect(depthOf(liveBody)).toBe(MAX_FLAME_DEPTH);
    const pre = await preview.GET(req(`/api/merges/preview?${selection}`), params({}));
    expect(pre.status).toBe(200);

    const created = await merges.POST(
      req("/api/merges", { method: "POST", body: JSON.stringify({ profileIds: ids }), headers: { "content-type": "application/json" } }),
      params({}),
    );
    expect(created.status, await created.clone().text()).toBe(201);
    const { merge } = await json<{ merge: { id: string } }>(created);
    const stored = await storedFlame.GET(req(`/api/merges/${merge.id}/flamegraph`), params({ id: merge.id }));
    expect(stored.status, await stored.clone().text().then((t) => t.slice(0, 200))).toBe(200);
    expect(depthOf(await json<Node>(stored))).toBe(MAX_FLAME_DEPTH);
  }, 30_000);
});

