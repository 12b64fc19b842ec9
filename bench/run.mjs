#!/usr/bin/env node
// Runs the performance benchmarks one after another (never part of `npm test`).
//
//   npm run bench                          # every benchmark: bench/*.mjs (but this runner) and bench/*.ts
//   npm run bench -- profile-viewer        # only those whose file name contains one of the words
//   npm run bench -- audit --json          # options (--x) are handed to every benchmark run
//   npm run bench -- --list                # list them
//
// Each benchmark is a plain script run in its own Node process; TypeScript ones get a loader that
// strips types with the project's own `typescript` (bench/lib/ts-loader.mjs), so nothing is
// installed and nothing is fetched. Helpers live in bench/lib/ and are not benchmarks.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const self = path.basename(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const words = argv.filter((a) => !a.startsWith("--"));
const passThrough = argv.filter((a) => a.startsWith("--") && a !== "--list");

const benches = fs
  .readdirSync(here)
  .filter((f) => f !== self && (/\.m?js$/.test(f) || /\.[cm]?ts$/.test(f)) && !f.endsWith(".d.ts"))
  .filter((f) => fs.statSync(path.join(here, f)).isFile())
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .sort();

if (argv.includes("--list")) {
  for (const b of benches) console.log(b);
  process.exit(0);
}
if (benches.length === 0) {
  console.error(`no benchmark matches ${words.join(", ")}; run \`npm run bench -- --list\``);
  process.exit(1);
}

function run(file) {
  const ts = /\.[cm]?ts$/.test(file);
  const args = [...(ts ? ["--import", path.join(here, "lib/register-ts.mjs")] : []), path.join(here, file), ...passThrough];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: "inherit", cwd: path.resolve(here, "..") });
    child.on("exit", (code, signal) => resolve(signal ? 128 : (code ?? 1)));
  });
}

const results = [];
for (const file of benches) {
  console.log(`\n━━ ${file} ${"━".repeat(Math.max(0, 70 - file.length))}`);
  const started = performance.now();
  const code = await run(file);
  results.push({ file, code, seconds: (performance.now() - started) / 1000 });
}
console.log("\n━━ summary");
for (const r of results) console.log(`  ${r.code === 0 ? "ok    " : `FAILED (exit ${r.code})`}  ${r.file}  ${r.seconds.toFixed(1)} s`);
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);
