#!/usr/bin/env node
// Fleet-audit scan benchmark: our parallel scan vs the critical path and vs a serial scan.
//
//   node bench/audit-scan.mjs                 # the fleet of issue 6 (30 regions, one of 5,000 instances)
//   node bench/audit-scan.mjs --json          # also print one machine-readable line: RESULT {...}
//   node bench/audit-scan.mjs --others=2000-4000 --page=1000 --latency=100 --concurrency=30
//   node bench/audit-scan.mjs --scale=0.02    # same pages and calls per region, 50x fewer instances
//                                             # per page: takes the SDK's XML CPU out of the picture
//
// Plain Node 20, nothing to install: lib/audit is TypeScript, so this script registers a tiny
// module loader (below) that strips types with the project's own `typescript` package
// (ts.transpileModule) and resolves extension-less relative imports. The fake EC2 endpoint runs in
// a child process (like a remote endpoint: its XML rendering does not share the scanner's CPU);
// the scanner runs here through the unmodified AWS SDK.

import { fork } from "node:child_process";
import { register } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const LOADER = `
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
let ts;
export function initialize(data) { ts = createRequire(data.root + "/package.json")("typescript"); }
export async function resolve(specifier, context, next) {
  if (/^\\.{1,2}\\//.test(specifier) && context.parentURL?.endsWith(".ts") && !/\\.[cm]?[jt]s$/.test(specifier)) {
    const base = new URL(specifier, context.parentURL).href;
    for (const candidate of [base + ".ts", base + "/index.ts"]) {
      if (existsSync(fileURLToPath(candidate))) return { url: candidate, shortCircuit: true };
    }
  }
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (!url.endsWith(".ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(fileName, "utf8"), {
    fileName,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, sourceMap: false },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}`;
register(`data:text/javascript,${encodeURIComponent(LOADER)}`, { data: { root: ROOT } });

const lib = (path) => import(pathToFileURL(resolve(ROOT, path)).href);

function parseArgs(argv) {
  const args = Object.fromEntries(
    argv.filter((a) => a.startsWith("--")).map((a) => {
      const [key, value = "true"] = a.slice(2).split("=");
      return [key, value];
    }),
  );
  const [othersMin, othersMax = othersMin] = (args.others ?? "2000-4000").split("-").map(Number);
  const scale = Number(args.scale ?? 1);
  const scaled = (n) => Math.max(1, Math.round(n * scale));
  return {
    scale,
    regions: Number(args.regions ?? 30),
    big: scaled(Number(args.big ?? 5000)),
    othersMin: scaled(othersMin),
    othersMax: scaled(othersMax),
    groups: scaled(Number(args.groups ?? 400)),
    page: Math.max(5, scaled(Number(args.page ?? 1000))),
    latency: Number(args.latency ?? 100),
    concurrency: Number(args.concurrency ?? args.regions ?? 30),
    seed: Number(args.seed ?? 6),
    json: args.json === "true",
    serve: args.serve === "true",
    modes: (args.modes ?? "all,referenced").split(","),
  };
}

/** The bench fleet: one big region, the others spread evenly between othersMin and othersMax. */
async function benchFleet(o) {
  const { generateFleet } = await lib("lib/audit/fake-ec2/generate-fleet.ts");
  const sizes = Array.from({ length: o.regions }, (_, i) =>
    i === 0 ? o.big : Math.round(o.othersMin + ((o.othersMax - o.othersMin) * (i - 1)) / Math.max(1, o.regions - 2)),
  );
  return generateFleet({ regions: o.regions, instancesPerRegion: sizes, securityGroupsPerRegion: o.groups, seed: o.seed });
}

// ---- child: the fake endpoint ------------------------------------------------------------------
async function serve(o) {
  const { startFakeEc2 } = await lib("lib/audit/fake-ec2/server.ts");
  const fake = await startFakeEc2({ fleet: await benchFleet(o), latencyMs: o.latency, maxPageSize: o.page, port: 0 });
  process.on("message", async (message) => {
    if (message === "stats") process.send?.({ stats: fake.stats.snapshot(), maxInFlight: fake.stats.maxInFlight });
    if (message === "reset") (fake.stats.reset(), process.send?.({ reset: true }));
    if (message === "close") (await fake.close(), process.exit(0));
  });
  process.send?.({ url: fake.url });
}

// ---- parent: the scans -------------------------------------------------------------------------
function ask(child, message, key) {
  return new Promise((done) => {
    const onMessage = (reply) => {
      if (reply && key in reply) (child.off("message", onMessage), done(reply));
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

async function main(o) {
  const fleet = await benchFleet(o);
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--serve"], { stdio: "inherit" });
  const { url } = await new Promise((done) => child.once("message", done));

  const { scanFleet } = await lib("lib/audit/scanner.ts");
  const { clearRegionCache } = await lib("lib/audit/region-list.ts");
  const { fakeEc2ClientFactory } = await lib("lib/audit/fake-ec2/client-factory.ts");
  const clientFactory = fakeEc2ClientFactory(url);

  const pages = (n) => Math.max(1, Math.ceil(n / Math.min(1000, o.page)));
  const perRegion = fleet.regions.map((r) => ({
    region: r.name,
    instancePages: pages(r.instances.length),
    groupPages: pages(r.securityGroups.length),
  }));
  const slowest = perRegion.reduce((a, b) => (b.instancePages + b.groupPages > a.instancePages + a.groupPages ? b : a));
  // The brief's reference: DescribeRegions, then the slowest region's calls one after another.
  const criticalPathMs = (1 + slowest.instancePages + slowest.groupPages) * o.latency;
  // What no schedule can beat: DescribeRegions, then the longer of the two paging chains.
  const lowerBoundMs = (1 + Math.max(...perRegion.map((r) => Math.max(r.instancePages, r.groupPages)))) * o.latency;
  const totalInstances = fleet.regions.reduce((n, r) => n + r.instances.length, 0);

  const run = async (label, options) => {
    clearRegionCache();
    await ask(child, "reset", "reset");
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await scanFleet({ regions: "all", requiredTags: ["Owner", "Environment"], homeRegion: fleet.regions[0].name, clientFactory, ...options });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const { stats, maxInFlight } = await ask(child, "stats", "stats");
    const calls = Object.values(stats).reduce((n, byAction) => n + Object.values(byAction).reduce((m, c) => m + c.calls, 0), 0);
    if (result.summary.failedRegions > 0 || result.summary.instances !== totalInstances) {
      throw new Error(`${label}: bad scan ${JSON.stringify(result.summary)}`);
    }
    return { label, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, calls, maxInFlight, result };
  };

  // Warm up the JIT and the SDK once (not measured).
  await run("warm-up", { concurrency: o.concurrency });

  const measured = [];
  for (const mode of o.modes) measured.push(await run(`parallel, concurrency ${o.concurrency}, groups ${mode}`, { concurrency: o.concurrency, securityGroups: mode }));
  if (o.concurrency !== 8) measured.push(await run("parallel, default concurrency 8, groups all", { concurrency: 8 }));
  const serial = await run("serial, concurrency 1, groups all", { concurrency: 1 });

  child.send("close");
  const best = measured[0];
  const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;
  const groupsPerRegion = fleet.regions[0].securityGroups.length;
  console.log(`fleet: ${o.regions} regions, ${totalInstances} instances (largest ${o.big}, others ${o.othersMin}-${o.othersMax}), ${groupsPerRegion} groups per region${o.scale === 1 ? "" : ` (scale ${o.scale})`}`);
  console.log(`fake EC2: ${o.latency} ms per call, pages of at most ${Math.min(1000, o.page)}; scanner: MaxResults 1000`);
  console.log(`critical path: ${fmt(criticalPathMs)} (DescribeRegions + ${slowest.instancePages} instance pages + ${slowest.groupPages} group pages of ${slowest.region}, in sequence)`);
  console.log(`lower bound:   ${fmt(lowerBoundMs)} (DescribeRegions + the longer paging chain of any region)`);
  for (const m of [...measured, serial]) {
    console.log(
      `${m.label.padEnd(48)} wall ${fmt(m.wallMs)}  scanner CPU ${fmt(m.cpuMs)}  calls ${m.calls}  max in flight ${m.maxInFlight}` +
        `  vs critical path ${(m.wallMs / criticalPathMs).toFixed(2)}x`,
    );
  }
  console.log(`serial / parallel: ${(serial.wallMs / best.wallMs).toFixed(1)}x  (targets: parallel <= 1.25x critical path, >= 15x faster than serial)`);
  const usPerInstance = (best.cpuMs * 1000) / totalInstances;
  console.log(
    `scanner CPU: ${usPerInstance.toFixed(0)} µs per instance (SDK XML deserialisation, mostly); ` +
      (best.cpuMs > 0.8 * criticalPathMs
        ? `${fmt(best.cpuMs)} of CPU on one thread exceeds the critical path: this fleet is CPU-bound, not latency-bound`
        : "CPU is not the bottleneck: the scan is latency-bound"),
  );
  const summary = {
    bench: "audit-scan",
    regions: o.regions,
    instances: totalInstances,
    latencyMs: o.latency,
    criticalPathMs,
    lowerBoundMs,
    scannerCpuMs: Math.round(best.cpuMs),
    parallelMs: Math.round(best.wallMs),
    serialMs: Math.round(serial.wallMs),
    parallelVsCriticalPath: +(best.wallMs / criticalPathMs).toFixed(3),
    serialOverParallel: +(serial.wallMs / best.wallMs).toFixed(2),
    runs: [...measured, serial].map(({ label, wallMs, cpuMs, calls }) => ({ label, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), calls })),
  };
  if (o.json) console.log(`RESULT ${JSON.stringify(summary)}`);
}

const options = parseArgs(process.argv.slice(2));
if (options.serve) await serve(options);
else await main(options);
