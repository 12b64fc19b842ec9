#!/usr/bin/env node
// Sources benchmark (issue 12), through the running server's HTTP API:
//   1. a first S3 run over 1,000 objects (real Go batch profiles of four services, with metadata
//      labels) on s3rver: objects per second, against the floor of merely downloading them
//      (GetObject of every object, 8 at a time, from this process);
//   2. a second run with nothing changed: its time, against merely listing the bucket, and that it
//      read no object (every item unchanged, nothing stored);
//   3. ten endpoint targets (real goservices processes, net/http/pprof on loopback) profiling 2 s
//      each: the run's wall time against 2 s.
//
//   npm run bench -- sources         # or: node bench/sources.mjs   (about two minutes)
//   options: --objects=1000 --targets=10 --seconds=2 --port=3410 (the server; s3rver on port+1) --json
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import { benchArgs } from "./lib/args.mjs";
import { api, launchServer, stopServer } from "./lib/app-server.mjs";
import { importTs, ROOT } from "./lib/ts-loader.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const args = benchArgs();
const OBJECTS = Number(args.objects ?? 1000);
const TARGETS = Number(args.targets ?? 10);
const SECONDS = Number(args.seconds ?? 2);
const PORT = Number(args.port ?? 3410);
const BUCKET = "bench-batch";
const SERVICES = ["users", "search", "reports", "billing"];
const WORKLOAD = { users: "users", search: "search", reports: "reports", billing: "reports" };

const { buildGoServices, goServiceProfile } = await importTs("testing/go-toolchain.ts");
const { startGoservice } = await importTs("testing/goservices-process.ts");
const { startS3rverProcess } = await importTs("testing/s3rver.ts");
const { gzipVariant } = await importTs("testing/sources.ts");

const s3client = (endpoint) => new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function seed(client) {
  const profiles = {};
  for (const service of SERVICES) profiles[service] = await goServiceProfile(WORKLOAD[service], 1);
  const limit = pLimit(16);
  await Promise.all(
    Array.from({ length: OBJECTS }, (_, n) => {
      const service = SERVICES[n % SERVICES.length];
      const key = `jobs/${service}/run-${String(n).padStart(5, "0")}.pprof`;
      const Metadata = { version: `1.${n % 7}.0`, commit: `c0ffee${n}`, environment: "bench", job: `nightly-${n}` };
      return limit(() => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzipVariant(profiles[service], n + 1), Metadata })));
    }),
  );
}

function startAppServer(dataDir, env) {
  return launchServer({ args: [path.join(ROOT, "scripts/start.mjs")], cwd: ROOT, env: { ...env, FLEETSCOPE_DATA_DIR: dataDir }, port: PORT });
}

/** POST collect, then poll the run until it ends: the run and the wall time from the POST. */
async function timedRun(base, sourceId) {
  const started = performance.now();
  const { run } = await api(base, `/api/sources/${sourceId}/collect`, {});
  for (;;) {
    const { run: now } = await api(base, `/api/runs/${run.id}`);
    if (now.status !== "running") return { run: now, ms: performance.now() - started };
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function downloadAll(client) {
  await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "jobs/", MaxKeys: 1 })); // a warm client, as the server's is
  const started = performance.now();
  const keys = [];
  let token;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: "jobs/", ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  const listMs = performance.now() - started;
  const limit = pLimit(8);
  await Promise.all(keys.map((Key) => limit(async () => (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }))).Body.transformToByteArray())));
  return { listMs, downloadMs: performance.now() - started };
}

const bin = await buildGoServices();
const s3 = await startS3rverProcess([BUCKET], PORT + 1);
const client = s3client(s3.endpoint);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-bench-sources-"));
let server;
const targets = [];
try {
  await seed(client);
  server = await startAppServer(dataDir, { AWS_ENDPOINT_URL_S3: s3.endpoint, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", AWS_REGION: "us-east-1", PROFILE_S3_FORCE_PATH_STYLE: "true" });
  const floor = await downloadAll(client);

  const { source: bucket } = await api(server.base, "/api/sources", { kind: "s3", bucket: BUCKET, prefix: "jobs/" });
  const first = await timedRun(server.base, bucket.id);
  if (first.run.status !== "done" || first.run.counts.stored !== OBJECTS) throw new Error(`first run: ${first.run.status} ${JSON.stringify(first.run.counts)} ${first.run.error ?? ""}`);
  const second = await timedRun(server.base, bucket.id);
  const nothingRead = second.run.counts.unchanged === OBJECTS && second.run.counts.stored + second.run.counts.duplicate === 0;

  for (let i = 0; i < TARGETS; i++) targets.push(await startGoservice(bin, { service: SERVICES[i % 3] === "billing" ? "reports" : SERVICES[i % 3] }));
  const { source: endpoints } = await api(server.base, "/api/sources", { kind: "endpoint", service: "users", urls: targets.map((t) => t.url), seconds: SECONDS });
  const fleet = await timedRun(server.base, endpoints.id);
  if (fleet.run.counts.stored !== TARGETS) throw new Error(`endpoint run: ${JSON.stringify(fleet.run.counts)} ${JSON.stringify(fleet.run.items.filter((i) => i.error))}`);

  const result = {
    objects: OBJECTS,
    firstRunMs: Math.round(first.ms),
    objectsPerSecond: Math.round((OBJECTS / first.ms) * 1000),
    downloadOnlyMs: Math.round(floor.downloadMs),
    secondRunMs: Math.round(second.ms),
    listOnlyMs: Math.round(floor.listMs),
    secondRunReadNothing: nothingRead,
    targets: TARGETS,
    targetSeconds: SECONDS,
    endpointRunMs: Math.round(fleet.ms),
  };
  console.log(`S3, first run over ${OBJECTS} objects (4 services, metadata labels): ${seconds(first.ms)} = ${result.objectsPerSecond} objects/s`);
  console.log(`  reference, downloading them only (list + GetObject, 8 at a time): ${seconds(floor.downloadMs)}; ratio ${(first.ms / floor.downloadMs).toFixed(2)}x`);
  console.log(`S3, second run with nothing changed: ${seconds(second.ms)} (${second.run.counts.unchanged} unchanged, ${nothingRead ? "no object read" : "SOME OBJECTS READ"})`);
  console.log(`  reference, listing the prefix only: ${seconds(floor.listMs)}; ratio ${(second.ms / floor.listMs).toFixed(2)}x`);
  console.log(`Endpoints, ${TARGETS} targets profiling ${SECONDS} s each: ${seconds(fleet.ms)}; ratio to ${SECONDS} s ${(fleet.ms / (SECONDS * 1000)).toFixed(2)}x`);
  if (args.json) console.log(`RESULT ${JSON.stringify(result)}`);
  if (!nothingRead) process.exitCode = 1;
} finally {
  await Promise.all(targets.map((t) => t.stop()));
  if (server) await stopServer(server);
  await s3.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
