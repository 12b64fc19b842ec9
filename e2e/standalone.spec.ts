// The deployable build: Next's standalone output completed by scripts/standalone.mjs, copied out of
// the repository (so nothing resolves from its node_modules) and started as the Dockerfile's CMD
// starts it (`node --max-semi-space-size=32 serve.mjs --migrate`; no container daemon here).
import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { assembleStandalone } from "../scripts/standalone.mjs";
import { startServer, tempDir } from "../testing/replicas";

test("the standalone output runs on its own: migrations, /api/health, an upload and its download", async () => {
  test.setTimeout(120_000);
  const out = assembleStandalone(process.cwd(), path.join(tempDir("standalone"), "app"));
  const dockerfile = fs.readFileSync("Dockerfile", "utf8");
  expect(dockerfile).toContain('CMD ["node", "--max-semi-space-size=32", "serve.mjs", "--migrate"]');
  const server = await startServer({ appDir: out, entry: "serve.mjs", args: ["--migrate"], migrate: false, env: { FLEETSCOPE_DATA_DIR: path.join(out, "..", "data"), NODE_PATH: "" } });
  try {
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", database: "ok", store: "ok", version: expect.any(String) });
    const bytes = fs.readFileSync("lib/pprof/testdata/go19-cpu.pb.gz");
    const up = await fetch(`${server.url}/api/profiles?service=standalone`, { method: "POST", body: bytes });
    expect(up.status).toBe(201);
    const { profile } = await up.json();
    const raw = await fetch(`${server.url}/api/profiles/${profile.id}/raw`);
    expect(createHash("sha256").update(new Uint8Array(await raw.arrayBuffer())).digest("hex")).toBe(createHash("sha256").update(bytes).digest("hex"));
    const page = await fetch(`${server.url}/services/standalone`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("standalone");
    const chunk = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(chunk).toBeTruthy();
    expect((await fetch(`${server.url}${chunk}`)).status).toBe(200);
  } finally {
    await server.stop("SIGTERM");
  }
});
