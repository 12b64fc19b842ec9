#!/usr/bin/env node
// Fleet-audit scan benchmark: our parallel scan vs the critical path and vs a serial scan.
//
//   node bench/audit-scan.mjs                   # both scenarios below, about 1.5 minutes
//   node bench/audit-scan.mjs --json            # also one machine-readable line: RESULT {...}
//   node bench/audit-scan.mjs --scenario=spec   # only the fleet of issue 6: 30 regions, one of 5,000
//                                               # instances (5 pages), the others 2,000-4,000
//   node bench/audit-scan.mjs --scenario=scaled # the same pages and calls per region with 50x fewer
//                                               # instances per page (less SDK deserialisation CPU)
//   options: --others=2000-4000 --big=5000 --groups=400 --page=1000 --latency=100 --concurrency=30
//            --extra (also "referenced" groups mode and the default concurrency 8)
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
  return {
    scenario: args.scenario ?? "both",
    scale: Number(args.scale ?? 1),
    regions: Number(args.regions ?? 30),
    big: Number(args.big ?? 5000),
    othersMin,
    othersMax,
    groups: Number(args.groups ?? 400),
    page: Number(args.page ?? 1000),
    latency: Number(args.latency ?? 100),
    concurrency: Number(args.concurrency ?? args.regions ?? 30),
    seed: Number(args.seed ?? 6),
    json: args.json === "true",
    serve: args.serve === "true",
    extra: args.extra === "true",
  };
}

/** Scales the instance counts, group counts and the fake's page size together: same pages, fewer instances. */
function scaled(o, scale) {
  const by = (n) => Math.max(1, Math.round(n * scale));
  return { ...o, scale, big: by(o.big), othersMin: by(o.othersMin), othersMax: by(o.othersMax), groups: by(o.groups), page: Math.max(5, by(o.page)) };
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

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function scenario(name, o) {
  const fleet = await benchFleet(o);
  const serverArgs = Object.entries({ ...o, serve: true }).map(([k, v]) => (k === "others" ? "" : `--${k}=${v}`)).filter(Boolean);
  const child = fork(fileURLToPath(import.meta.url), [...serverArgs, `--others=${o.othersMin}-${o.othersMax}`], { stdio: "inherit" });
  const { url } = await new Promise((done) => child.once("message", done));

  const { scanFleet } = await lib("lib/audit/scanner.ts");
  const { clearRegionCache } = await lib("lib/audit/region-list.ts");
  const { fakeEc2ClientFactory } = await lib("lib/audit/fake-ec2/client-factory.ts");
  const clientFactory = fakeEc2ClientFactory(url);

  const pages = (n) => Math.max(1, Math.ceil(n / Math.min(1000, o.page)));
  const perRegion = fleet.regions.map((r) => ({ region: r.name, instancePages: pages(r.instances.length), groupPages: pages(r.securityGroups.length) }));
  const slowest = perRegion.reduce((a, b) => (b.instancePages + b.groupPages > a.instancePages + a.groupPages ? b : a));
  // The brief's reference: DescribeRegions, then the slowest region's calls one after another.
  const criticalPathMs = (1 + slowest.instancePages + slowest.groupPages) * o.latency;
  // What no schedule can beat: DescribeRegions, then the longer of the two paging chains.
  const chains = perRegion.map((r) => Math.max(r.instancePages, r.groupPages) * o.latency);
  const lowerBoundMs = o.latency + Math.max(...chains);
  // serial / parallel if every call cost only its latency: the fleet's own ceiling for that ratio.
  const idealRatio = (o.latency + chains.reduce((a, b) => a + b, 0)) / lowerBoundMs;
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
    const expected = options.regions ? undefined : totalInstances;
    if (result.summary.failedRegions > 0 || (expected !== undefined && result.summary.instances !== expected)) {
      throw new Error(`${label}: bad scan ${JSON.stringify(result.summary)}`);
    }
    return { label, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, calls, maxInFlight };
  };

  // Warm the JIT and the SDK on three regions (not measured).
  await run("warm-up", { regions: fleet.regions.slice(0, 3).map((r) => r.name), concurrency: 3 });

  const parallel = await run(`parallel, concurrency ${o.concurrency}`, { concurrency: o.concurrency });
  const extra = [];
  if (o.extra) {
    extra.push(await run(`parallel, concurrency ${o.concurrency}, referenced groups`, { concurrency: o.concurrency, securityGroups: "referenced" }));
    if (o.concurrency !== 8) extra.push(await run("parallel, default concurrency 8", { concurrency: 8 }));
  }
  const serial = await run("serial, concurrency 1", { concurrency: 1 });
  child.send("close");

  const groupsPerRegion = fleet.regions[0].securityGroups.length;
  console.log(`\n== ${name}`);
  console.log(`fleet: ${o.regions} regions, ${totalInstances} instances (largest ${o.big}, others ${o.othersMin}-${o.othersMax}), ${groupsPerRegion} groups per region`);
  console.log(`fake EC2 in a child process: ${o.latency} ms per call, pages of at most ${Math.min(1000, o.page)} (scanner asks MaxResults 1000)`);
  console.log(`critical path: ${fmt(criticalPathMs)}  (DescribeRegions + ${slowest.instancePages} instance pages + ${slowest.groupPages} group page(s) of ${slowest.region}, in sequence)`);
  console.log(`lower bound:   ${fmt(lowerBoundMs)}  (DescribeRegions + the longest paging chain; groups page beside instances)`);
  for (const m of [parallel, ...extra, serial]) {
    console.log(
      `  ${m.label.padEnd(44)} wall ${fmt(m.wallMs).padStart(8)}  ${(m.wallMs / criticalPathMs).toFixed(2).padStart(6)}x critical path` +
        `   scanner CPU ${fmt(m.cpuMs).padStart(8)}   ${m.calls} calls, at most ${m.maxInFlight} in flight`,
    );
  }
  const ratio = serial.wallMs / parallel.wallMs;
  console.log(`serial / parallel: ${ratio.toFixed(1)}x  (this fleet's ceiling with free CPU: ${idealRatio.toFixed(1)}x)`);
  const msPerCall = parallel.cpuMs / parallel.calls;
  const usPerInstance = (parallel.cpuMs * 1000) / totalInstances;
  console.log(
    `scanner CPU (one JS thread): ${fmt(parallel.cpuMs)} = ${msPerCall.toFixed(1)} ms per call, ${usPerInstance.toFixed(0)} µs per instance ` +
      `(the SDK's request signing and XML deserialisation): ` +
      (parallel.cpuMs > 0.5 * criticalPathMs ? "CPU-bound, not latency-bound" : "latency-bound"),
  );
  console.log(`targets: <= 1.25x critical path: ${parallel.wallMs <= 1.25 * criticalPathMs ? "met" : "NOT met"}; >= 15x faster than serial: ${ratio >= 15 ? "met" : "NOT met"}`);
  return {
    scenario: name,
    regions: o.regions,
    instances: totalInstances,
    latencyMs: o.latency,
    pageSize: Math.min(1000, o.page),
    criticalPathMs,
    lowerBoundMs,
    parallelMs: Math.round(parallel.wallMs),
    serialMs: Math.round(serial.wallMs),
    scannerCpuMs: Math.round(parallel.cpuMs),
    parallelOverCriticalPath: +(parallel.wallMs / criticalPathMs).toFixed(3),
    serialOverParallel: +ratio.toFixed(2),
    idealSerialOverParallel: +idealRatio.toFixed(2),
    runs: [parallel, ...extra, serial].map(({ label, wallMs, cpuMs, calls }) => ({ label, wallMs: Math.round(wallMs), cpuMs: Math.round(cpuMs), calls })),
  };
}

async function main(o) {
  const results = [];
  if (o.scenario === "spec" || o.scenario === "both") {
    results.push(await scenario(`issue 6 fleet${o.scale === 1 ? "" : ` x${o.scale}`}`, o.scale === 1 ? o : scaled(o, o.scale)));
  }
  if (o.scenario === "scaled" || o.scenario === "both") {
    results.push(await scenario("same pages and calls, 50x fewer instances per page", scaled(o, 0.02)));
  }
  if (o.json) console.log(`RESULT ${JSON.stringify({ bench: "audit-scan", results })}`);
}

const options = parseArgs(process.argv.slice(2));
if (options.serve) await serve(options);
else await main(options);
