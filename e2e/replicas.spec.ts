// Two real server processes of the production build on one PostgreSQL database and one S3 bucket
// (s3rver), as replicas behind a load balancer: what one does, the other sees and uses.
import { expect, test } from "@playwright/test";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { startDemoEc2, fakeEc2Env } from "../scripts/fake-ec2.mjs";
import { startReplicas, type Replicas } from "../testing/replicas";

const A_BYTES = fs.readFileSync(path.resolve("lib/pprof/testdata/merge/go19-cpu-a.pb.gz"));
const B_BYTES = fs.readFileSync(path.resolve("lib/pprof/testdata/merge/go19-cpu-b.pb.gz"));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

test.describe.configure({ mode: "serial" });

let replicas: Replicas;
let fake: Awaited<ReturnType<typeof startDemoEc2>>["fake"];
let s3: S3Client;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  ({ fake } = await startDemoEc2({ latencyMs: 600 }));
  // A heartbeat every 2 s: a silent scan is stale after 9 s instead of 90. (At 1 s, a replica that a
  // parallel browser test starved of CPU for 4.5 s had its live scan marked interrupted.)
  replicas = await startReplicas(2, { ...fakeEc2Env(fake.url), FLEETSCOPE_HEARTBEAT_SECONDS: "2" });
  s3 = new S3Client({ endpoint: replicas.s3.endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
});

test.afterAll(async () => {
  s3?.destroy();
  await replicas?.close();
  await fake?.close();
});

async function json(res: Response) {
  const body = await res.json();
  if (!res.ok) throw new Error(`${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function keysUnder(prefix: string): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: replicas.bucket, Prefix: prefix }));
  return (out.Contents ?? []).map((o) => o.Key!);
}

test("an upload on one replica is listed, viewed, merged and downloaded on the other", async () => {
  const [a, b] = replicas.servers;
  const first = await json(await fetch(`${a!.url}/api/profiles?service=checkout`, { method: "POST", body: A_BYTES }));
  const second = await json(await fetch(`${a!.url}/api/profiles?service=search`, { method: "POST", body: B_BYTES }));

  const listed = await json(await fetch(`${b!.url}/api/profiles?service=checkout`));
  expect(listed.profiles.map((p: { id: string }) => p.id)).toEqual([first.profile.id]);
  const services = await json(await fetch(`${b!.url}/api/services`));
  expect(services.services.map((s: { name: string }) => s.name).sort()).toEqual(["checkout", "search"]);

  const raw = await fetch(`${b!.url}/api/profiles/${first.profile.id}/raw`);
  expect(raw.status).toBe(200);
  expect(sha(new Uint8Array(await raw.arrayBuffer()))).toBe(first.profile.sha256);
  const top = await json(await fetch(`${b!.url}/api/profiles/${first.profile.id}/top`));
  expect(top.rows.length).toBeGreaterThan(0);
  const flame = await json(await fetch(`${b!.url}/api/profiles/${first.profile.id}/flamegraph`));
  expect(flame.value).toBeGreaterThan(0);

  const merge = await json(await fetch(`${b!.url}/api/merges`, { method: "POST", headers: { "content-type": "application/json", origin: b!.url }, body: JSON.stringify({ profileIds: [first.profile.id, second.profile.id] }) }));
  const pgo = await fetch(`${a!.url}/api/merges/${merge.merge.id}/default.pgo`);
  expect(pgo.status).toBe(200);
  expect(sha(new Uint8Array(await pgo.arrayBuffer()))).toBe(merge.merge.sha256);
  const preview = await json(await fetch(`${a!.url}/api/merges/${merge.merge.id}/preview`));
  expect(preview.contributions.map((c: { service: string }) => c.service).sort()).toEqual(["checkout", "search"]);
});

test("the same bytes uploaded on both replicas at once give one profile", async () => {
  const [a, b] = replicas.servers;
  const [x, y] = await Promise.all([a!, b!].map(async (s) => json(await fetch(`${s.url}/api/profiles?service=twice`, { method: "POST", body: B_BYTES }))));
  expect(x.profile.id).toBe(y.profile.id);
  const listed = await json(await fetch(`${a!.url}/api/profiles?service=twice`));
  expect(listed.profiles).toHaveLength(1);
});

test("derived views written by one replica are used by the other", async () => {
  const [a, b] = replicas.servers;
  const up = await json(await fetch(`${a!.url}/api/profiles?service=views`, { method: "POST", body: A_BYTES }));
  const views = `derived/profile-views/`;
  // The upload computes the default views in the background and keeps them in the store.
  await expect.poll(async () => (await keysUnder(views)).some((k) => k.includes(up.profile.sha256)), { timeout: 15_000 }).toBe(true);
  // The profile's own bytes go: only the stored views can answer now, on the other replica.
  await s3.send(new DeleteObjectCommand({ Bucket: replicas.bucket, Key: `sha256/${up.profile.sha256.slice(0, 2)}/${up.profile.sha256}` }));
  const flame = await fetch(`${b!.url}/api/profiles/${up.profile.id}/flamegraph`);
  expect(flame.status).toBe(200);
  expect((await flame.json()).value).toBeGreaterThan(0);
  const raw = await fetch(`${b!.url}/api/profiles/${up.profile.id}/raw`);
  expect(raw.status).toBe(410);
  expect((await json(await fetch(`${a!.url}/api/profiles/${up.profile.id}`))).profile.damaged).toBe(true);
});

test("a scan started on both replicas at once runs once", async () => {
  const [a, b] = replicas.servers;
  const start = (url: string) =>
    fetch(`${url}/api/audits`, { method: "POST", headers: { "content-type": "application/json", origin: url }, body: JSON.stringify({ regions: ["eu-west-1", "us-west-2"] }) }).then(json);
  const [x, y] = await Promise.all([start(a!.url), start(b!.url)]);
  expect(x.audit.id).toBe(y.audit.id);
  expect([x.joined, y.joined].sort()).toEqual([false, true]);
  const client = new pg.Client({ connectionString: replicas.database.url });
  await client.connect();
  try {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Audit" WHERE "scopeKey" = $1`, [(await client.query(`SELECT "scopeKey" FROM "Audit" WHERE id = $1`, [x.audit.id])).rows[0].scopeKey]);
    expect(rows[0].n).toBe(1);
  } finally {
    await client.end();
  }
  await expect.poll(async () => (await json(await fetch(`${b!.url}/api/audits/${x.audit.id}`))).audit.status, { timeout: 30_000 }).toBe("done");
});

test("a replica killed with kill -9 mid-scan leaves the scan interrupted within the heartbeat window, and a new one can start", async () => {
  const [a, b] = replicas.servers;
  const body = JSON.stringify({ regions: ["us-east-1", "eu-west-1", "us-west-2"], requiredTags: ["Owner", "Team"] });
  const started = await json(await fetch(`${a!.url}/api/audits`, { method: "POST", headers: { "content-type": "application/json", origin: a!.url }, body }));
  expect(started.joined).toBe(false);
  await new Promise((r) => setTimeout(r, 800));
  await a!.stop("SIGKILL");
  const killedAt = Date.now();
  const replacement = replicas.add(); // the load balancer's new task, starting meanwhile
  await expect
    .poll(async () => (await json(await fetch(`${b!.url}/api/audits/${started.audit.id}`))).audit.status, { timeout: 20_000, intervals: [250] })
    .toBe("interrupted");
  // Stale after 4.5 heartbeats (9 s here; 90 s with the default 20 s heartbeat).
  expect(Date.now() - killedAt).toBeLessThan(14_000);
  await replacement;
  const again = await json(await fetch(`${b!.url}/api/audits`, { method: "POST", headers: { "content-type": "application/json", origin: b!.url }, body }));
  expect(again.joined).toBe(false);
  expect(again.audit.id).not.toBe(started.audit.id);
  expect(again.audit.status).toBe("running");
  // The replacement replica joins the running scan instead of starting another.
  const c = await replacement;
  const joined = await json(await fetch(`${c.url}/api/audits`, { method: "POST", headers: { "content-type": "application/json", origin: c.url }, body }));
  expect(joined).toMatchObject({ joined: true, audit: { id: again.audit.id } });
});
