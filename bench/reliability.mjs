#!/usr/bin/env node
// Reliability benchmark: what the running server survives, through its HTTP API, on this machine.
//
//   fuzz    10,000 mutated copies of real profiles (lib/pprof/testdata: bit flips, truncations, huge
//           varints, duplicated and missing bytes) and hand-built hostile ones (a stack 10,000 frames
//           deep, values near 2^63, ids out of range, duplicated and missing fields), each through
//           upload, top, flame graph, peek, compare and merge preview. Target: zero 5xx, zero dropped
//           connections, zero requests over 2 s, every refusal a 4xx naming the problem.
//   load    50 uploaders + 200 readers on keep-alive connections for 60 s. Target: zero errors, reads'
//           p99 under 2 s, uploads' p99 under 5 s; then every listed profile downloads with its
//           sha256 and no blob is left without its row.
//   faults  the fault scenarios of e2e/faults.spec.ts and e2e/server-hardening.spec.ts (S3 cut
//           mid-upload, PostgreSQL cut, kill -9 during uploads, EC2 dropping connections mid-page),
//           run by Playwright against their own servers.
//
// Needs a production build (`npm run build`). Each part starts its own server (scripts/serve.mjs).
//
//   npm run bench -- reliability
//   options: --fuzz=10000 --deep=10000 --uploaders=50 --readers=200 --seconds=60 --only=fuzz,load,faults --port=N --json
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { importTs, ROOT } from "./lib/ts-loader.mjs";

const args = benchArgs();
const opt = {
  fuzz: Number(args.fuzz ?? 10_000),
  deep: Number(args.deep ?? 10_000),
  uploaders: Number(args.uploaders ?? 50),
  readers: Number(args.readers ?? 200),
  seconds: Number(args.seconds ?? 60),
  only: new Set(String(args.only ?? "fuzz,load,faults").split(",")),
  json: args.json === "true",
  port: args.port === undefined ? undefined : Number(args.port),
};
if (!fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
  console.error("no production build: run `npm run build` first");
  process.exit(1);
}

const { startServer } = await importTs("testing/replicas.ts");

/** CPU seconds a process has used so far (Linux /proc; null elsewhere). */
function cpuSecondsOf(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
const loadAverage = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
const results = {};

async function withServer(work) {
  const server = await startServer({ port: opt.port });
  try {
    return await work(server);
  } finally {
    await server.stop("SIGKILL");
  }
}

if (opt.only.has("fuzz")) {
  const { fuzzInputs, runFuzz, describeFuzz } = await importTs("testing/reliability/fuzz.ts");
  console.log(`fuzz: ${opt.fuzz} inputs (deep stack ${opt.deep} frames)`);
  const started = performance.now();
  const report = await withServer((server) =>
    runFuzz(server.url, fuzzInputs(opt.fuzz, 1, opt.deep), { onProgress: (n) => n % 1000 === 0 && console.log(`  ${n} inputs…`) }),
  );
  for (const line of describeFuzz(report)) console.log(`  ${line}`);
  console.log(`  ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const pass = report.serverErrors.length + report.dropped.length + report.slow.length + report.unnamedRefusals.length === 0;
  console.log(`  target met: ${pass ? "yes" : "NO"}`);
  results.fuzz = { pass, ...report, serverErrors: report.serverErrors.length, dropped: report.dropped.length, slow: report.slow.length, unnamedRefusals: report.unnamedRefusals.length };
}

if (opt.only.has("load")) {
  const { runLoad, describeLoad } = await importTs("testing/reliability/load.ts");
  const options = { uploaders: opt.uploaders, readers: opt.readers, seconds: opt.seconds };
  console.log(`load: ${opt.uploaders} uploaders + ${opt.readers} readers for ${opt.seconds} s`);
  const loadBefore = loadAverage();
  let cpu = null;
  const report = await withServer(async (server) => {
    const before = cpuSecondsOf(server.child.pid);
    const r = await runLoad(server.url, options, path.join(server.env.FLEETSCOPE_DATA_DIR, "blobs"));
    const after = cpuSecondsOf(server.child.pid);
    if (before !== null && after !== null) cpu = after - before;
    return r;
  });
  for (const line of describeLoad(report, options)) console.log(`  ${line}`);
  // The machine is shared: its load average says how much of the 2 cores the server had.
  console.log(`  machine load average (1, 5, 15 min) before ${loadBefore}, after ${loadAverage()}; ${os.availableParallelism()} cores`);
  if (cpu !== null) console.log(`  the server used ${cpu.toFixed(1)} CPU s (all its threads, checks included): ${((1000 * cpu) / report.requests).toFixed(1)} ms of CPU per request`);
  const ratio = (x, target) => `${(x / target).toFixed(2)}× the target`;
  console.log(`  reads p99 ${ratio(report.reads.p99, 2000)}, uploads p99 ${ratio(report.uploads.p99, 5000)}`);
  const pass = report.errors.length === 0 && report.reads.p99 < 2000 && report.uploads.p99 < 5000 && report.downloadMismatches.length === 0 && report.blobsWithoutRow.length === 0;
  console.log(`  target met: ${pass ? "yes" : "NO"}`);
  results.load = { pass, ...report };
}

if (opt.only.has("faults")) {
  console.log("faults: e2e/faults.spec.ts and the kill -9 scenario of e2e/server-hardening.spec.ts");
  const run = spawnSync(process.execPath, ["node_modules/@playwright/test/cli.js", "test", "-c", "bench/lib/playwright-faults.config.ts", "e2e/faults.spec.ts", "e2e/server-hardening.spec.ts", "-g", "S3 gone|PostgreSQL unreachable|kill -9 during|dropping connections"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20 });
  const report = JSON.parse(run.stdout.slice(run.stdout.indexOf("{")));
  const tests = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) for (const t of spec.tests) tests.push({ title: spec.title, status: t.results.at(-1)?.status, ms: t.results.at(-1)?.duration });
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites) walk(suite);
  for (const t of tests) console.log(`  ${t.status === "passed" ? "ok    " : "FAILED"} ${(t.ms / 1000).toFixed(1).padStart(5)} s  ${t.title}`);
  results.faults = { pass: tests.length > 0 && tests.every((t) => t.status === "passed"), tests };
}

if (opt.json) console.log(JSON.stringify(results));
process.exit(Object.values(results).every((r) => r.pass) ? 0 : 1);
