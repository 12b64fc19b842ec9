// Faults that take seconds, against real server processes: PostgreSQL and S3 cut off behind a TCP
// proxy the test controls (testing/tcp-proxy.ts), and an EC2 endpoint that drops connections mid-page.
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { startDemoEc2, fakeEc2Env } from "../scripts/fake-ec2.mjs";
import { createTestDatabase, startServer, type ServerProcess, type TestDatabase } from "../testing/replicas";
import { startS3rver, type RunningS3rver } from "../testing/s3rver";
import { startTcpProxy, type TcpProxy } from "../testing/tcp-proxy";

const CPU = fs.readFileSync(path.resolve("lib/pprof/testdata/go19-cpu.pb.gz"));
const HEAP = fs.readFileSync(path.resolve("lib/pprof/testdata/go19-heap.pb.gz"));

test.describe.configure({ mode: "serial" });

test.describe("PostgreSQL and S3 unreachable", () => {
  let database: TestDatabase;
  let s3: RunningS3rver;
  let pgProxy: TcpProxy;
  let s3Proxy: TcpProxy;
  let server: ServerProcess;
  let bucket: S3Client;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    [database, s3] = await Promise.all([createTestDatabase(), startS3rver("faults")]);
    const pgUrl = new URL(database.url);
    const s3Url = new URL(s3.endpoint);
    [pgProxy, s3Proxy] = await Promise.all([startTcpProxy(pgUrl.hostname, Number(pgUrl.port || 5432)), startTcpProxy(s3Url.hostname, Number(s3Url.port))]);
    pgUrl.host = `127.0.0.1:${pgProxy.port}`;
    server = await startServer({
      migrate: false,
      env: {
        DATABASE_URL: pgUrl.toString(),
        PROFILE_BUCKET: "faults",
        PROFILE_S3_FORCE_PATH_STYLE: "true",
        AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Proxy.port}`,
        AWS_REGION: "us-east-1",
        AWS_ACCESS_KEY_ID: "S3RVER",
        AWS_SECRET_ACCESS_KEY: "S3RVER",
      },
    });
    bucket = new S3Client({ endpoint: s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
  });

  test.afterAll(async () => {
    bucket?.destroy();
    await server?.stop("SIGKILL");
    await Promise.all([pgProxy?.close(), s3Proxy?.close()]);
    await s3?.stop();
    await database?.drop();
  });

  test("S3 gone mid-upload: a 503 naming the store, nothing half-stored; uploads work again when it returns", async () => {
    const ok = await fetch(`${server.url}/api/profiles?service=before`, { method: "POST", body: CPU });
    expect(ok.status).toBe(201);

    let push!: (chunk: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({ start: (c) => void (push = (chunk) => (chunk ? c.enqueue(chunk) : c.close())) });
    const upload = fetch(`${server.url}/api/profiles?service=cut`, { method: "POST", body, duplex: "half" } as RequestInit);
    push(HEAP.subarray(0, 2000));
    await new Promise((r) => setTimeout(r, 200));
    s3Proxy.cut();
    push(HEAP.subarray(2000));
    push(null);
    const refused = await upload;
    expect(refused.status).toBe(503);
    expect((await refused.json()).error).toMatch(/profile store is unreachable/);
    const health = await fetch(`${server.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ status: "down", database: "ok", store: "down", error: expect.stringMatching(/store down/) });

    // Nothing half-stored: no row, no object.
    expect((await (await fetch(`${server.url}/api/profiles?service=cut`)).json()).profiles).toEqual([]);
    const objects = await bucket.send(new ListObjectsV2Command({ Bucket: "faults", Prefix: "sha256/" }));
    expect(objects.Contents?.length).toBe(1);

    s3Proxy.restore();
    const again = await fetch(`${server.url}/api/profiles?service=cut`, { method: "POST", body: HEAP });
    expect(again.status).toBe(201);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  test("PostgreSQL unreachable: 503 from every route, then recovery without a restart", async () => {
    const { profiles } = await (await fetch(`${server.url}/api/profiles?service=before`)).json();
    const id = profiles[0].id;
    pgProxy.cut();
    const routes = ["/api/services", `/api/profiles/${id}`, `/api/profiles/${id}/raw`, "/api/audits", "/api/merges", "/api/activity", "/", "/audits", `/profiles/${id}`];
    // The gate's "is sign-in on" answer is cached for 5 s: within that, every route fails anyway.
    await expect
      .poll(async () => {
        const statuses = await Promise.all(routes.map(async (r) => (await fetch(`${server.url}${r}`)).status));
        return statuses.every((s) => s === 503) ? "all 503" : statuses.join(",");
      }, { timeout: 15_000, intervals: [500] })
      .toBe("all 503");
    const api = await fetch(`${server.url}/api/services`);
    expect((await api.json()).error).toMatch(/database is unreachable/);
    const health = await (await fetch(`${server.url}/api/health`)).json();
    expect(health).toMatchObject({ database: "down", store: "ok" });
    const upload = await fetch(`${server.url}/api/profiles?service=nodb`, { method: "POST", body: CPU });
    expect(upload.status).toBe(503);

    pgProxy.restore();
    await expect.poll(async () => (await fetch(`${server.url}/api/health`)).status, { timeout: 15_000 }).toBe(200);
    expect((await fetch(`${server.url}/api/services`)).status).toBe(200);
    expect((await fetch(`${server.url}/`)).status).toBe(200);
    expect(server.child.exitCode).toBeNull();
  });
});

test("an EC2 endpoint dropping connections mid-page: that region fails alone", async () => {
  const { fake } = await startDemoEc2({ latencyMs: 50 });
  fake.update({ regionFailures: { "eu-west-1": "ConnectionDropped" } });
  const server = await startServer({ env: { ...fakeEc2Env(fake.url), FLEETSCOPE_AUDIT_MAX_ATTEMPTS: "2" } });
  try {
    const started = await (await fetch(`${server.url}/api/audits`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ regions: ["eu-west-1", "us-west-2"] }) })).json();
    await expect.poll(async () => (await (await fetch(`${server.url}/api/audits/${started.audit.id}`)).json()).audit.status, { timeout: 30_000 }).toBe("done");
    const { audit } = await (await fetch(`${server.url}/api/audits/${started.audit.id}`)).json();
    const byRegion = Object.fromEntries(audit.regions.map((r: { region: string }) => [r.region, r]));
    expect(byRegion["eu-west-1"]).toMatchObject({ status: "error", error: expect.any(String) });
    expect(byRegion["us-west-2"]).toMatchObject({ status: "ok" });
    expect(byRegion["us-west-2"].total).toBeGreaterThan(0);
  } finally {
    await server.stop("SIGKILL");
    await fake.close();
  }
});
