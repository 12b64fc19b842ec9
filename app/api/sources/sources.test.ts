// The sources API through its route handlers: saving (with every refusal), collecting from a real
// Go admin port in the background, following the run, deleting (the profiles stay).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGoServices } from "@/testing/go-toolchain";
import { startGoservice, type RunningGoservice } from "@/testing/goservices-process";
import type { RunDto, SourceDto } from "@/lib/sources";
import { freshDataDir, json, params, req } from "../_testing/harness";

let target: RunningGoservice;
let sources: typeof import("./route");
let sourceById: typeof import("./[id]/route");
let collect: typeof import("./[id]/collect/route");
let runById: typeof import("../runs/[id]/route");
const VIEWER = { kind: "token", id: "t1", name: "ci", role: "viewer" } as const;

beforeAll(async () => {
  target = await startGoservice(await buildGoServices(), { service: "users" });
  freshDataDir();
  sources = await import("./route");
  sourceById = await import("./[id]/route");
  collect = await import("./[id]/collect/route");
  runById = await import("../runs/[id]/route");
}, 300_000);

afterAll(async () => {
  const { sourceRunner } = await import("@/lib/sources");
  await sourceRunner().idle();
  await target?.stop();
});

const post = (body: unknown, principal?: typeof VIEWER) =>
  sources.POST(req("/api/sources", { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) }, principal), params({}));

async function untilDone(id: string): Promise<RunDto> {
  for (let i = 0; i < 300; i++) {
    const { run } = await json<{ run: RunDto }>(await runById.GET(req(`/api/runs/${id}`), params({ id })));
    if (run.status !== "running") return run;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("run did not finish");
}

describe("the sources API", () => {
  it("refuses bad sources with the reason and a 400", async () => {
    const cases: [unknown, RegExp][] = [
      [{ kind: "ftp" }, /kind must be/],
      [{ kind: "endpoint", service: "users", urls: ["http://user:pw@10.0.0.1:6060"] }, /credentials/],
      [{ kind: "endpoint", service: "users", urls: ["http://169.254.169.254/"] }, /link-local/],
      [{ kind: "endpoint", service: "users", urls: ["file:///etc/passwd"] }, /only http and https/],
      [{ kind: "endpoint", service: "users", urls: ["nope"] }, /not a URL/],
      [{ kind: "ecs", service: "users", cluster: "prod", ecsService: "users", port: 70000 }, /port must be/],
      [{ kind: "s3", bucket: "Not_A_Bucket" }, /bucket must be/],
      ["{not json", /must be JSON/],
    ];
    for (const [body, message] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json<{ error: string }>(res)).error).toMatch(message);
    }
    expect((await post({ kind: "s3", bucket: "batch-profiles" }, VIEWER)).status).toBe(403);
  });

  it("saves a source, collects from it in the background, joins a second start, and keeps the profiles when it is deleted", async () => {
    const created = await post({ kind: "endpoint", service: "users", urls: [target.url], seconds: 1, everyMinutes: 60 });
    expect(created.status).toBe(201);
    const { source } = await json<{ source: SourceDto }>(created);
    expect(source).toMatchObject({ kind: "endpoint", service: "users", urls: [target.url], seconds: 1, everyMinutes: 60 });

    const first = await collect.POST(req(`/api/sources/${source.id}/collect`, { method: "POST" }), params({ id: source.id }));
    expect(first.status).toBe(202);
    const { run, joined } = await json<{ run: RunDto; joined: boolean }>(first);
    expect(joined).toBe(false);
    expect(run).toMatchObject({ sourceId: source.id, status: "running" });
    const second = await json<{ run: RunDto; joined: boolean }>(await collect.POST(req(`/api/sources/${source.id}/collect`, { method: "POST" }), params({ id: source.id })));
    expect(second).toMatchObject({ joined: true, run: { id: run.id } });

    const done = await untilDone(run.id);
    expect(done).toMatchObject({ status: "done", counts: { stored: 1 }, items: [{ key: `${target.url}/debug/pprof/profile?seconds=1`, status: "stored" }] });
    const profileId = done.items[0]!.profileId!;

    const { sources: listed } = await json<{ sources: SourceDto[] }>(await sources.GET(req("/api/sources", undefined, VIEWER), params({})));
    expect(listed.find((s) => s.id === source.id)?.lastRun).toMatchObject({ id: run.id, status: "done", counts: { stored: 1 } });
    const detail = await json<{ runs: RunDto[] }>(await sourceById.GET(req(`/api/sources/${source.id}`), params({ id: source.id })));
    expect(detail.runs.map((r) => r.id)).toEqual([run.id]);

    expect((await sourceById.DELETE(req(`/api/sources/${source.id}`, { method: "DELETE" }), params({ id: source.id }))).status).toBe(204);
    expect((await sourceById.GET(req(`/api/sources/${source.id}`), params({ id: source.id }))).status).toBe(404);
    const { db } = await import("@/lib/db/client");
    expect(await db().profile.findUnique({ where: { id: profileId } })).toMatchObject({ service: "users", source: `${target.url}/debug/pprof/profile?seconds=1` });
  }, 60_000);

  it("answers 404 for a source or run that does not exist", async () => {
    expect((await collect.POST(req("/api/sources/nope/collect", { method: "POST" }), params({ id: "nope" }))).status).toBe(404);
    expect((await runById.GET(req("/api/runs/nope"), params({ id: "nope" }))).status).toBe(404);
  });
});
