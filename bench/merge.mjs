#!/usr/bin/env node
// Merge benchmark (issue 5): three large synthetic profiles (testing/pprof/synthetic.ts, seeds 1-3:
// 500k samples, 50k stacks, 5k functions, labels; ~10 MiB gzipped each), measured in one run:
//
//   1. our merge (mergeProfileBytes, what POST /api/merges and GET /api/pgo run) against
//      `go tool pprof -proto -symbolize=none a b c`, each in its own process under /usr/bin/time -v:
//      wall time and peak RSS (targets: ours / pprof <= 0.5, and less memory); the two outputs
//      are checked to hold the same samples and totals;
//   2. the merge preview of those three through the API (GET /api/merges/preview, in a fresh
//      process with an empty data directory; target: < 2 s): after the upload (which reads the
//      inputs in the background), after a restart (their indexes load from the blob store), cold
//      (never read before), another weighting, cached; the merged flame graph; storing the merge
//      (full and PGO-minimal).
//
//   npm run bench -- merge            # or: node bench/merge.mjs
//   options: --shape=production --samples=500000 --stacks=50000 --functions=5000 --runs=1 --fresh --no-go --no-preview --json
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

// ---- 1. ours vs go tool pprof -proto ----------------------------------------------------------------
async function compareWithPprof({ files, bench }) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-merge-bench-"));
  const oursOut = path.join(outDir, "ours.pb.gz");
  const goOut = path.join(outDir, "pprof.pb.gz");
  try {
    console.log(`\nmerge: mergeProfileBytes vs go tool pprof -proto -symbolize=none (${opt.runs} run${opt.runs > 1 ? "s each, medians" : " each"})`);
    const ours = [];
    for (let i = 0; i < opt.runs; i++) {
      const run = await measure(process.execPath, [path.join(ROOT, "bench/lib/merge-child.mjs"), bench, oursOut, ...files]);
      const detail = JSON.parse(run.stdout.trim().split("\n").pop());
      ours.push({ wallMs: run.wallMs, maxRssKiB: run.maxRssKiB ?? detail.maxRssKiB, mergeMs: detail.mergeMs });
    }
    const oursWall = median(ours.map((r) => r.wallMs));
    const oursRss = Math.max(...ours.map((r) => r.maxRssKiB));
    console.log(
      `  ours:  ${ms(oursWall)} wall (read, gunzip, merge, gzip, write: ${ms(median(ours.map((r) => r.mergeMs)))}; the rest is node start), peak RSS ${mib(oursRss)}, ${(fs.statSync(oursOut).size / 2 ** 20).toFixed(1)} MiB out`,
    );
    result.ours = { wallMs: oursWall, maxRssKiB: oursRss, runs: ours };
    if (!opt.go || !GO) {
      console.log(`  go tool pprof: skipped (${GO ? "--no-go" : "Go is not installed: apt-get install golang-go"})`);
      return;
    }
    const pprof = [];
    for (let i = 0; i < opt.runs; i++) pprof.push(await measure(GO, ["tool", "pprof", "-proto", "-symbolize=none", ...files], { stdoutFile: goOut }));
    const pWall = median(pprof.map((r) => r.wallMs));
    const pRss = Math.max(...pprof.map((r) => r.maxRssKiB ?? 0));
    console.log(`  pprof: ${ms(pWall)} wall, peak RSS ${pRss ? mib(pRss) : "n/a"}, ${(fs.statSync(goOut).size / 2 ** 20).toFixed(1)} MiB out`);
    const ratio = oursWall / pWall;
    const memRatio = pRss ? oursRss / pRss : NaN;
    console.log(`  ratio ours / pprof: wall ${ratio.toFixed(3)} (target <= 0.5) ${ratio <= 0.5 ? "OK" : "MISSED"}; peak memory ${memRatio.toFixed(2)}x ${memRatio < 1 ? "OK" : "MISSED"}`);
    result.pprof = { wallMs: pWall, maxRssKiB: pRss };
    result.ratio = { wall: ratio, memory: memRatio };

    // Same samples and totals in both files (read with the preview's reader: fast, no object model).
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
const missed = (result.ratio && (result.ratio.wall > 0.5 || !(result.ratio.memory < 1))) || result.outputsMatch === false;
process.exit(missed ? 1 : 0);
