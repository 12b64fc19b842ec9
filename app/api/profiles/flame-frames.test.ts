// GET /api/profiles/:id/flamegraph?format=frames: the tree as preorder columns in a binary body (the
// viewer's format for a folding it asks for), the same frames and facts as the tree; a bad format is a 400.
import { beforeAll, describe, expect, it } from "vitest";
import { decodeFlameFrames, FLAME_FRAMES_TYPE } from "../../../lib/pprof/flame-frames-codec";
import { wideTreeProfile } from "../../../testing/pprof/wide-tree";
import { freshDataDir, json, params, req } from "../_testing/harness";

type Node = { name: string; value: number; children: Node[] };

let flame: typeof import("./[id]/flamegraph/route");
let id = "";

beforeAll(async () => {
  freshDataDir();
  const profiles = await import("./route");
  flame = await import("./[id]/flamegraph/route");
  const res = await profiles.POST(req("/api/profiles?service=wide", { method: "POST", body: wideTreeProfile(2_000) as BodyInit }), params({}));
  expect(res.status).toBe(201);
  id = (await json<{ profile: { id: string } }>(res)).profile.id;
}, 60_000);

const get = async (query: string) => flame.GET(req(`/api/profiles/${id}/flamegraph?${query}`), params({ id }));

describe("a flame graph as preorder columns", () => {
  it("holds the tree's frames in preorder with its facts", async () => {
    for (const query of ["minFraction=0", "minFraction=0.01", "minFraction=0&path=main.main&path=svc.handler3", "minFraction=0&focus=handler3$&ignore=nothing.matches"]) {
      const treeRes = await get(query);
      const tree = await json<Node & Record<string, unknown>>(treeRes.clone());
      const res = await get(`${query}&format=frames`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe(FLAME_FRAMES_TYPE);
      const body = decodeFlameFrames(new Uint8Array(await res.arrayBuffer()));
      const { name, value, children, ...facts } = tree;
      const { columns: frames } = body;
      const { value: rootValue, ...frameFacts } = body.facts;
      expect(frameFacts).toEqual(facts);
      expect(rootValue).toBe(value);
      if (query.includes("focus=")) expect(frameFacts.unmatched).toEqual(["ignore"]);
      const expected: string[] = [];
      const stack: [Node, number][] = [[{ name, value, children }, 0]];
      while (stack.length > 0) {
        const [n, d] = stack.pop()!;
        expect(expected.push(`${n.name}@${d}=${n.value}`)).toBeGreaterThan(0);
        for (let k = n.children.length - 1; k >= 0; k--) stack.push([n.children[k], d + 1]);
      }
      expect(Array.from(frames.name, (n, i) => `${frames.names[n]}@${frames.depth[i]}=${frames.value[i]}`)).toEqual(expected);
      if (query === "minFraction=0") expect(expected).toHaveLength(2_000 + 22 + 500);
    }
  });

  it("answers 400 naming the formats for another one", async () => {
    const res = await get("format=svg");
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toBe('format must be "tree" or "frames", got "svg"');
  });
});
