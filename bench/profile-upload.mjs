#!/usr/bin/env node
// Profile upload benchmark: what the server does with an uploaded profile before it answers
// (gunzip, check every sample, location and string reference, and read the summary), on one large
// synthetic CPU profile, each way in a fresh Node process:
//
//   ours          readProfile: one pass over the protobuf bytes that checks them and reads the profile's
//                 table, summary and stacks (lib/pprof/profile-table.ts), which the views derive from
//   pprof-format  decodeProfile (pprof-format's objects, then validate.ts): what uploads did before
//   go tool pprof `go tool pprof -top -nodecount=1 -symbolize=none`: Go's own reader of the same file
//                 (parse, check, aggregate; skipped, and said so, without Go)
//
//   npm run bench -- profile-upload           # or: node bench/profile-upload.mjs
//   options: --samples=500000 --stacks=50000 --functions=5000 --seed=1 --runs=3 (median) --json
import { findGo } from "./lib/go.mjs";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { importTs, ROOT } from "./lib/ts-loader.mjs";
import { benchArgs } from "./lib/args.mjs";
import { transpile } from "./lib/transpile.mjs";

const args = benchArgs();
const opt = {
  samples: Number(args.samples ?? 500_000),
  stacks: Number(args.stacks ?? 50_000),
  functions: Number(args.functions ?? 5_000),
  seed: Number(args.seed ?? 1),
  runs: Math.max(1, Number(args.runs ?? 3)),
  json: args.json === "true",
};
const GO = findGo();
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

async function profileFile() {
  const dir = path.join(os.tmpdir(), "fleetscope-bench");
  const file = path.join(dir, `upload-${opt.samples}-${opt.stacks}-${opt.functions}-${opt.seed}.pb.gz`);
  if (!fs.existsSync(file)) {
    const [{ syntheticProfile }, { encodeProfileGzip }] = await Promise.all([importTs("testing/pprof/synthetic.ts"), importTs("lib/pprof/merge.ts")]);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(file, encodeProfileGzip(syntheticProfile({ seed: opt.seed, samples: opt.samples, stacks: opt.stacks, functions: opt.functions })));
  }
  return file;
}

function child(mode, file) {
  const run = spawnSync(process.execPath, [path.join(ROOT, "bench/lib/upload-child.mjs"), JS, mode, file], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`${mode}: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split("\n").at(-1));
}

function goPprof(file) {
  const started = performance.now();
  const argv = ["tool", "pprof", "-top", "-nodecount=1", "-symbolize=none", file];
  const run = TIME ? spawnSync(TIME, ["-f", "%M", GO, ...argv], { encoding: "utf8" }) : spawnSync(GO, argv, { encoding: "utf8" });
  const wall = performance.now() - started;
  if (run.status !== 0) throw new Error(`go tool pprof: ${run.stderr}`);
  const peak = TIME ? Number(run.stderr.trim().split("\n").at(-1)) : NaN;
  return { ms: wall, peakRssKiB: peak };
}

// Children run compiled code, with no loader and no TypeScript in memory, as the server does.
const JS = path.join(ROOT, "bench/out/js");
transpile(["lib/pprof/summary.ts", "testing/pprof/decoded-profile.ts", "testing/pprof/decoded-index.ts"], JS);
const file = await profileFile();
console.log(`profile: ${file}, ${(fs.statSync(file).size / 1048576).toFixed(1)} MiB gzipped, ${opt.samples.toLocaleString("en-US")} samples`);
const measured = {};
for (let i = 0; i < opt.runs; i++) {
  for (const mode of ["ours", "pprof-format"]) (measured[mode] ??= []).push(child(mode, file));
  if (GO) (measured["go tool pprof"] ??= []).push(goPprof(file));
}
const rows = Object.entries(measured).map(([name, runs]) => ({ name, ms: median(runs.map((r) => r.ms)), peakRssKiB: median(runs.map((r) => r.peakRssKiB)), each: runs.map((r) => Math.round(r.ms)) }));
for (const r of rows) {
  console.log(`  ${r.name.padEnd(14)} ${ms(r.ms).padStart(9)}  peak RSS ${Number.isNaN(r.peakRssKiB) ? "n/a" : mib(r.peakRssKiB)}   (runs: ${r.each.join(", ")} ms)`);
}
const ours = rows.find((r) => r.name === "ours");
const before = rows.find((r) => r.name === "pprof-format");
const go = rows.find((r) => r.name === "go tool pprof");
console.log(`ours / pprof-format (before): ${(ours.ms / before.ms).toFixed(2)} time, ${(ours.peakRssKiB / before.peakRssKiB).toFixed(2)} memory`);
if (go) console.log(`ours / go tool pprof: ${(ours.ms / go.ms).toFixed(2)} time (pprof's wall includes starting the go command)`);
else console.log("go tool pprof: skipped (Go is not installed: apt-get install golang-go)");
if (opt.json) console.log(`RESULT ${JSON.stringify({ bench: "profile-upload", options: opt, rows })}`);
