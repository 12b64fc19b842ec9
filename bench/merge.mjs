#!/usr/bin/env node
// Merge benchmark (issue 5): three large synthetic profiles (testing/pprof/synthetic.ts, seeds 1-3:
// 500k samples, 50k stacks, 5k functions, labels; ~10 MiB gzipped each), measured in one run:
//
//   1. through a running production server's HTTP API (bench/lib/app-server.mjs): the preview of the
//      three never read before (target < 2 s), then POST /api/merges of the three through the download
//      of its default.pgo (labels kept, as pprof keeps them), full and PGO-minimal, each in a fresh server process (wall time, the
//      server's peak RSS), against `go tool pprof -proto -symbolize=none a b c` under /usr/bin/time -v
//      (targets: wall <= 0.25x pprof's, peak memory <= 0.5x, PGO-minimal no slower than full); the two
//      outputs are checked to hold the same samples and totals;
//   2. the merge preview of those three through the API (GET /api/merges/preview, in a fresh
//      process with an empty data directory; target: < 2 s): after the upload (which reads the
//      inputs in the background), after a restart (their indexes load from the blob store), cold
//      (never read before), another weighting, cached; the merged flame graph; storing the merge
//      (full and PGO-minimal).
//
//   npm run bench -- merge            # or: node bench/merge.mjs
//   options: --shape=production --samples=500000 --stacks=50000 --functions=5000 --runs=1 --fresh --no-go --no-preview --build=always --json
//   BENCH_PORT=<port> to serve on a given port
//
// Needs nothing from the network; Go 1.21 or newer on the PATH for part 1 (skipped, and said so, without it).
import { findGo } from "./lib/go.mjs";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { importTs, ROOT } from "./lib/ts-loader.mjs";
import { benchArgs } from "./lib/args.mjs";
import { transpile } from "./lib/transpile.mjs";
import { ensureBuild, freePort, peakRssKiB, startServer, stopServer } from "./lib/app-server.mjs";

const args = benchArgs();
// --shape=production: profiles shaped like a real service's (testing/pprof/synthetic.ts PRODUCTION_SHAPE:
// 600,000 samples, 60,000 stacks, 6,000 functions, ~120,000 locations, ~5 MiB gzipped each).
const production = args.shape === "production";
const opt = {
  shape: production ? "production" : "synthetic",
  samples: Number(args.samples ?? (production ? 600_000 : 500_000)),
  stacks: Number(args.stacks ?? (production ? 60_000 : 50_000)),
  functions: Number(args.functions ?? (production ? 6_000 : 5_000)),
  runs: Math.max(1, Number(args.runs ?? 1)),
  fresh: args.fresh === "true",
  go: args["no-go"] !== "true",
  preview: args["no-preview"] !== "true",
  json: args.json === "true",
};
const JS = path.join(ROOT, "bench/out/merge-js");
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const GO = findGo();
const result = { options: opt };

const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- the three profiles ---------------------------------------------------------------------------
async function profileFiles() {
  const [bench] = transpile(["testing/pprof/synthetic-bench.ts"], JS);
  const source = fs.readFileSync(path.join(ROOT, "testing/pprof/synthetic.ts"));
  const shape = production ? { sitesPerFunction: 20, stackRuns: true } : {};
  const key = createHash("sha256").update(source).update(JSON.stringify([opt.samples, opt.stacks, opt.functions, shape])).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), "fleetscope-bench", `merge-${key}`);
  const files = [1, 2, 3].map((seed) => path.join(dir, `synthetic-${seed}.pb.gz`));
  if (files.every((f) => fs.existsSync(f)) && !opt.fresh) {
    console.log(`profiles: ${dir} (cached; same generator and options; --fresh to regenerate)`);
  } else {
    const started = performance.now();
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const { writeSyntheticFiles } = await import(pathToFileURL(bench).href);
    writeSyntheticFiles(dir, 3, { samples: opt.samples, stacks: opt.stacks, functions: opt.functions, ...shape });
    console.log(`profiles: generated in ${dir} in ${ms(performance.now() - started)}`);
  }
  const sizes = files.map((f) => fs.statSync(f).size);
  console.log(
    `  3 × ${opt.samples.toLocaleString("en-US")} samples, ${opt.stacks.toLocaleString("en-US")} stacks, ${opt.functions.toLocaleString("en-US")} functions (seeds 1-3); ${sizes.map((s) => (s / 2 ** 20).toFixed(1)).join(" + ")} MiB gzipped`,
  );
  result.profiles = { dir, bytes: sizes };
  return { files, bench };
}

/** Runs a command under /usr/bin/time -v when available: wall time measured here, peak RSS from time(1). */
function measure(command, commandArgs, { stdoutFile, nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const argv = TIME ? ["-v", command, ...nodeArgs, ...commandArgs] : [...nodeArgs, ...commandArgs];
    const started = performance.now();
    const out = stdoutFile ? fs.openSync(stdoutFile, "w") : "pipe";
    const child = spawn(TIME ?? command, argv, { stdio: ["ignore", out, "pipe"], env: { ...process.env, NODE_OPTIONS: "" }, cwd: ROOT });
    let stdout = "";
    let err = "";
    child.stdout?.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const wallMs = performance.now() - started;
      if (typeof out === "number") fs.closeSync(out);
      if (code !== 0) return reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}\n${err.slice(-2000)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({ wallMs, maxRssKiB: rss ? Number(rss[1]) : null, stdout, stderr: err });
    });
  });
}

// ---- 1. ours (the running server) vs go tool pprof -proto ----------------------------------------
const query = (ids) => ids.map((id) => `profileId=${id}`).join("&");

async function call(server, url, init) {
  const started = performance.now();
  const res = await fetch(`${server.base}${url}`, init);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${body.toString("utf8").slice(0, 500)}`);
  return { ms: performance.now() - started, body };
}

/** POST /api/merges then GET its default.pgo, in a fresh server process: wall time and the process's peak memory. */
async function mergeThroughServer(dataDir, port, ids, minimal) {
  const server = await startServer(dataDir, port);
  try {
    const started = performance.now();
    const created = await call(server, "/api/merges", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profileIds: ids, minimal, dropLabels: false }) });
    const { merge } = JSON.parse(created.body.toString("utf8"));
    const file = await call(server, `/api/merges/${merge.id}/default.pgo`);
    const wallMs = performance.now() - started;
    return { wallMs, maxRssKiB: peakRssKiB(server.child.pid), bytes: file.body, merge };
  } finally {
    await stopServer(server);
  }
}

/** Every derived blob (stored views and merge indexes) of a data directory removed: the profiles are then never read. */
function forgetDerived(dataDir) {
  fs.rmSync(path.join(dataDir, "blobs", "derived"), { recursive: true, force: true });
}

async function compareWithPprof({ files }) {
  console.log(`\nmerge: POST /api/merges of the three through the download (a production server, fresh process each) vs go tool pprof -proto -symbolize=none`);
  ensureBuild(args.build === "always");
  const { migrate } = await import(pathToFileURL(path.join(ROOT, "scripts/migrate.mjs")).href);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-bench-merge-"));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-merge-bench-"));
  try {
    migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dataDir, DATABASE_URL: "" });
    const port = await freePort();
    let server = await startServer(dataDir, port);
    const ids = [];
    for (const [k, file] of files.entries()) {
      const { body } = await call(server, `/api/profiles?service=${["users", "search", "reports"][k]}`, { method: "POST", body: fs.readFileSync(file) });
      ids.push(JSON.parse(body.toString("utf8")).profile.id);
    }
    await stopServer(server);
    forgetDerived(dataDir);
    server = await startServer(dataDir, port);
    const cold = await call(server, `/api/merges/preview?${query(ids)}&limit=200`);
    await stopServer(server);
    console.log(`  preview of the three, never read before (fresh process, no stored indexes): ${ms(cold.ms)} (target < 2 s) ${cold.ms < 2000 ? "OK" : "MISSED"}`);
    result.coldPreviewMs = cold.ms;

    const full = await mergeThroughServer(dataDir, port, ids, false);
    const minimal = await mergeThroughServer(dataDir, port, ids, true);
    const oursOut = path.join(outDir, "ours.pb.gz");
    fs.writeFileSync(oursOut, full.bytes);
    console.log(`  ours, full:        ${ms(full.wallMs)} wall, server peak RSS ${mib(full.maxRssKiB)}, ${(full.bytes.length / 2 ** 20).toFixed(1)} MiB out`);
    console.log(`  ours, PGO-minimal: ${ms(minimal.wallMs)} wall, server peak RSS ${mib(minimal.maxRssKiB)}, ${(minimal.bytes.length / 2 ** 20).toFixed(2)} MiB out; ${(minimal.wallMs / full.wallMs).toFixed(2)}x the full merge (target <= 1) ${minimal.wallMs <= full.wallMs ? "OK" : "MISSED"}`);
    result.ours = { full: { wallMs: full.wallMs, maxRssKiB: full.maxRssKiB }, minimal: { wallMs: minimal.wallMs, maxRssKiB: minimal.maxRssKiB } };
    if (!opt.go || !GO) {
      console.log(`  go tool pprof: skipped (${GO ? "--no-go" : "Go is not installed"})`);
      return;
    }
    const goOut = path.join(outDir, "pprof.pb.gz");
    const pprof = [];
    for (let i = 0; i < opt.runs; i++) pprof.push(await measure(GO, ["tool", "pprof", "-proto", "-symbolize=none", ...files], { stdoutFile: goOut }));
    const pWall = median(pprof.map((r) => r.wallMs));
    const pRss = Math.max(...pprof.map((r) => r.maxRssKiB ?? 0));
    console.log(`  pprof:             ${ms(pWall)} wall, peak RSS ${pRss ? mib(pRss) : "n/a"}, ${(fs.statSync(goOut).size / 2 ** 20).toFixed(1)} MiB out`);
    const ratio = full.wallMs / pWall;
    const memRatio = pRss ? full.maxRssKiB / pRss : NaN;
    console.log(`  ratio ours / pprof: wall ${ratio.toFixed(3)} (target <= 0.25) ${ratio <= 0.25 ? "OK" : "MISSED"}; peak memory ${memRatio.toFixed(2)}x (target <= 0.5) ${memRatio <= 0.5 ? "OK" : "MISSED"}`);
    result.pprof = { wallMs: pWall, maxRssKiB: pRss };
    result.ratio = { wall: ratio, memory: memRatio, minimalToFull: minimal.wallMs / full.wallMs };

    // Same samples and totals in both files (read with the preview's reader).
    const { buildInputIndex, inflate } = await importTs("lib/merges/input-index.ts");
    const summary = async (file) => {
      const ix = buildInputIndex(await inflate(new Uint8Array(fs.readFileSync(file)), 2 ** 31 - 1));
      const totals = new Array(ix.nCols).fill(0);
      for (let r = 0; r < ix.rowCount; r++) for (let k = 0; k < ix.nCols; k++) totals[k] += ix.rowValues[r * ix.nCols + k] * ix.rowSamples[r];
      return { samples: ix.sampleCount, types: ix.sampleTypes.map((t) => `${t.type}/${t.unit}`), totals };
    };
    const [a, b] = [await summary(oursOut), await summary(goOut)];
    const same = JSON.stringify(a) === JSON.stringify(b);
    console.log(`  outputs: ${a.samples.toLocaleString("en-US")} samples, totals ${a.totals.map((t) => t.toLocaleString("en-US")).join(" / ")}: ${same ? "same as pprof's" : `DIFFER from pprof's ${JSON.stringify(b)}`}`);
    result.outputsMatch = same;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---- 2. the preview ---------------------------------------------------------------------------------
async function previewTimes({ files }) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-merge-preview-"));
  try {
    console.log("\npreview: GET /api/merges/preview of the three (in-process route handlers, each case in a fresh process; the three uploaded through POST /api/profiles first)");
    const child = (mode, rest) =>
      measure(process.execPath, [path.join(ROOT, "bench/lib/merge-preview-child.mjs"), mode, dataDir, ...rest], {
        nodeArgs: ["--import", path.join(ROOT, "bench/lib/register-ts.mjs")],
      }).then((run) => ({ run, r: JSON.parse(run.stdout.trim().split("\n").pop()) }));
    const { run, r } = await child("upload", files);
    const { r: restart } = await child("restart", r.ids);
    const { r: cold } = await child("cold", r.ids);
    r.restartedMs = restart.previewMs;
    r.coldMs = cold.previewMs;
    r.flameRestartedMs = restart.flameMs;
    r.flameColdMs = cold.flameMs;
    const verdict = (x) => `(target < 2 s) ${x < 2000 ? "OK" : "MISSED"}`;
    console.log(`  after the upload (read in the background):      ${ms(r.afterUploadMs)}  ${verdict(r.afterUploadMs)}`);
    console.log(`  after a restart (indexes from the blob store):   ${ms(r.restartedMs)}  ${verdict(r.restartedMs)}`);
    console.log(`  cold (never read before: every sample of three): ${ms(r.coldMs)}  ${verdict(r.coldMs)}`);
    console.log(`  another weighting (inputs already read):        ${ms(r.reweightedMs)}`);
    console.log(`  equalised + hazard guard:                       ${ms(r.equalisedGuardedMs)}`);
    console.log(`  same selection again (cached):                  ${ms(r.cachedMs)}`);
    console.log(`  every hot call site (${r.hotCount.toLocaleString("en-US")} of ${r.edgeCount.toLocaleString("en-US")} edges, ${(r.fullListBytes / 2 ** 20).toFixed(1)} MiB JSON): ${ms(r.fullListMs)}`);
    console.log(
      `  merged flame graph: after the upload ${ms(r.flameAfterUploadMs)}, another weighting ${ms(r.flameReweightedMs)}; after a restart ${ms(r.flameRestartedMs)} (the viewer reads each input's stacks)`,
    );
    console.log(
      `  POST /api/merges: full ${ms(r.createMs)} (${(r.sizeBytes / 2 ** 20).toFixed(1)} MiB); PGO-minimal ${ms(r.createMinimalMs)} (${(r.minimalSizeBytes / 2 ** 20).toFixed(2)} MiB of ${(r.minimalFullSizeBytes / 2 ** 20).toFixed(1)} MiB, edge map checked identical)`,
    );
    console.log(`  server process peak RSS (incl. storing the three profiles): ${mib(run.maxRssKiB ?? r.maxRssKiB)}`);
    result.preview = { ...r, processMaxRssKiB: run.maxRssKiB };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const inputs = await profileFiles();
await compareWithPprof(inputs);
if (opt.preview) await previewTimes(inputs);
if (opt.json) console.log(`RESULT ${JSON.stringify({ bench: "merge", ...result })}`);
const missed = (result.ratio && (result.ratio.wall > 0.25 || !(result.ratio.memory <= 0.5) || result.ratio.minimalToFull > 1)) || result.outputsMatch === false || result.coldPreviewMs >= 2000;
process.exit(missed ? 1 : 0);
