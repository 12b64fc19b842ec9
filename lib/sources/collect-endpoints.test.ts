// Endpoint collection against the real Go fixture service (net/http/pprof on loopback) and small
// Node servers that misbehave in one way each: every bad target gets its own error while the
// good ones are stored.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Profile } from "pprof-format";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGoServices } from "../../testing/go-toolchain";
import { startGoservice, type RunningGoservice } from "../../testing/goservices-process";
import { testSourceDeps, type TestSourceDeps } from "../../testing/sources";
import { createSource } from "./source-store";
import { SourceRunner } from "./source-runner";
import { parseSourceRequest } from "./source-request";
import type { RunDto } from "./source-dto";

let bin: string;
let good: RunningGoservice[] = [];
const bad: Server[] = [];
let deps: TestSourceDeps;

/** A Node server answering every request with `handler`; returns its base URL. */
async function badServer(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  bad.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A port nothing listens on: bound, then closed. */
async function refusedUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function runToEnd(runner: SourceRunner, sourceId: string): Promise<RunDto> {
  const { run } = await runner.start(sourceId, "test");
  await runner.idle();
  const row = await deps.db.sourceRun.findUniqueOrThrow({ where: { id: run.id } });
  const { toRunDto } = await import("./source-dto");
  return toRunDto(row);
}

beforeAll(async () => {
  bin = await buildGoServices();
  good = await Promise.all([startGoservice(bin, { service: "users" }), startGoservice(bin, { service: "users" })]);
  deps = testSourceDeps({ timeoutMarginMs: 1_500, maxUploadBytes: 1024 * 1024 });
}, 300_000);

afterAll(async () => {
  await Promise.all(good.map((g) => g.stop()));
  for (const s of bad) {
    s.closeAllConnections();
    s.close();
  }
  await deps?.close();
});

describe("collecting from admin endpoints", () => {
  it("stores a PGO-usable Go 1.26 CPU profile of each running process, and gives every bad target its own error", async () => {
    const refused = await refusedUrl();
    const silent = await badServer(() => {
      // never answers
    });
    const html = await badServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><html><body>Welcome</body></html>");
    });
    const endless = await badServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const timer = setInterval(() => res.write(Buffer.alloc(16, 1)), 50);
      res.on("close", () => clearInterval(timer));
    });
    const huge = await badServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(Buffer.alloc(2 * 1024 * 1024, 7)); // 2 MiB, over the test's 1 MiB limit
    });
    const redirect = await badServer((_req, res) => {
      res.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/" });
      res.end();
    });
    const blockedPort = "http://127.0.0.1:6000"; // X11's: on the Fetch standard's list of ports never called
    const urls = [...good.map((g) => g.url), refused, silent, html, endless, huge, redirect, blockedPort];
    const source = await createSource(deps.db, parseSourceRequest({ kind: "endpoint", service: "users", urls, seconds: 1 }), "test");
    const runner = new SourceRunner(deps);
    const started = Date.now();
    const run = await runToEnd(runner, source.id);
    const wallMs = Date.now() - started;

    const byBase = (base: string) => run.items.find((i) => i.key.startsWith(base))!;
    for (const g of good) expect(byBase(g.url)).toMatchObject({ status: "stored", key: `${g.url}/debug/pprof/profile?seconds=1` });
    expect(byBase(refused)).toMatchObject({ status: "failed", error: expect.stringContaining("connection refused") });
    expect(byBase(silent)).toMatchObject({ status: "failed", error: expect.stringContaining("no answer") });
    expect(byBase(html)).toMatchObject({ status: "rejected", error: expect.stringContaining("HTML page") });
    expect(byBase(endless)).toMatchObject({ status: "failed", error: expect.stringContaining("streams without end") });
    expect(byBase(huge)).toMatchObject({ status: "rejected", error: expect.stringContaining("1 MiB upload limit") });
    expect(byBase(redirect)).toMatchObject({ status: "failed", error: expect.stringContaining("redirects are not followed") });
    expect(byBase(blockedPort)).toMatchObject({ status: "failed", error: expect.stringContaining("blocked ports") });
    expect(run).toMatchObject({ status: "done", counts: { stored: 2, failed: 5, rejected: 2 } });
    // In parallel: the whole run takes about one deadline (1 s + 1.5 s margin), not one per target.
    expect(wallMs).toBeLessThan(6_000);

    for (const g of good) {
      const row = await deps.db.profile.findUniqueOrThrow({ where: { id: byBase(g.url).profileId! } });
      expect(row).toMatchObject({ service: "users", source: `${g.url}/debug/pprof/profile?seconds=1`, pgoUsable: true });
      expect((row.sampleTypes as { type: string }[]).map((t) => t.type)).toEqual(["samples", "cpu"]);
      // The profile is of that very process: Go names the running binary in the first mapping.
      const bytes = await deps.ingest.blobs.get(row.blobKey);
      const profile = Profile.decode(gunzipSync(bytes!));
      expect(profile.stringTable.strings[Number(profile.mapping[0]!.filename)]).toBe(bin);
      const names = profile.function.map((f) => profile.stringTable.strings[Number(f.name)]);
      expect(names.filter((n) => n.endsWith(".usersUnit"))).toEqual(["fleetscope.test/goservices/services.usersUnit"]);
    }
  }, 60_000);

  it("a second start while a run goes joins it", async () => {
    const source = await createSource(deps.db, parseSourceRequest({ kind: "endpoint", service: "users", urls: [good[0]!.url], seconds: 1 }), "test");
    const runner = new SourceRunner(deps);
    const [a, b] = await Promise.all([runner.start(source.id, "test"), runner.start(source.id, "test")]);
    const c = await runner.start(source.id, "test");
    expect(b.run.id).toBe(a.run.id);
    expect(c.run.id).toBe(a.run.id);
    expect([a.joined, b.joined, c.joined].filter((j) => !j)).toHaveLength(1);
    // Another replica on the same database joins it too (the run lease is in the database).
    const other = await new SourceRunner(deps).start(source.id, "test");
    expect(other).toMatchObject({ joined: true, run: { id: a.run.id, status: "running" } });
    await runner.idle();
    expect(await deps.db.sourceRun.count({ where: { sourceId: source.id } })).toBe(1);
  }, 30_000);
});
