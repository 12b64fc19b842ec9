#!/usr/bin/env node
// Fleet-audit scan benchmark (issue 6): our parallel scan against the critical path and against a
// serial scan of the same fleet, in one run.
//
//   npm run bench -- audit-scan               # or: node bench/audit-scan.mjs   (about a minute)
//   node bench/audit-scan.mjs --json          # also one machine-readable line: RESULT {...}
//   node bench/audit-scan.mjs --scenario=spec # only the issue's fleet
//   options: --regions=30 --big=5000 --others=20-300 --latency=100 --concurrency=<the default> --page=1000 --seed=6
//            --reuse=false (the fake renders every answer afresh), --server-flags=false (plain Node flags)
//
// Fleets (the fake EC2 endpoint answers every call after `latency` ms, pages of at most 1000):
//   spec          the issue's: 30 regions, one of 5,000 instances (5 pages), the others smaller (20-300
//                 instances: one page each), security groups as generateFleet makes them (one page).
//   latency-only  the same regions, pages and calls with 50x fewer instances per page: what the
//                 schedule gives when reading the pages is nearly free (a control).
//
// Measured for each, after one whole scan to warm the JIT (a server scans again and again; the
// cold first scan is reported too): our scan at the default concurrency and at 8 (median of 3),
// given the region sizes of that earlier scan, as the server passes those of its latest scan, and
// the same with no sizes known (a large region's slices then wait for its first page),
// the same without instance-id slices, the big region alone; and the serial baselines, which page
// the plain way (no slices), one region at a time (concurrency 1: instances and groups of a region
// still page side by side) and one call at a time (the naive scanner: every call waits for the
// previous one). The region list is read afresh in every run (its cache is cleared).
//
// The issue's critical path is the slowest region's calls in sequence with plain paging
// (DescribeRegions + 5 instance pages + 1 group page = 0.70 s). Our scanner reads a region of more
// than one page in 16 instance-id slices side by side, so its own chain is shorter (DescribeRegions
// + the first page + one slice page = 0.30 s): both ratios are printed.
//
// The fake keeps each answer it has rendered and gives it again to the same request (reuseAnswers):
// a remote endpoint's own work costs the scanner's machine nothing, but the fake's rendering of
// 10,000 instances shares this machine's 2 cores with the scanner and held answers back by up to
// 0.1 s. The warm-up scan fills it; one row shows the parallel scan with the fake rendering afresh.
// The scanner runs with the server's Node flags (scripts/server-node-flags.mjs; the bench re-runs
// itself with them), as the dashboard's scans do.
//
// Plain Node 20, nothing to install: lib/audit is TypeScript, loaded with bench/lib/ts-loader.mjs
// (the project's own `typescript`). The fake endpoint runs in a child process, like a remote
// endpoint: its XML rendering does not share the scanner's CPU; the scanner runs here through the
// unmodified AWS SDK.

import { fork, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { SERVER_NODE_FLAGS } from "../scripts/server-node-flags.mjs";
import { benchArgs } from "./lib/args.mjs";
import { importTs } from "./lib/ts-loader.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function parseArgs(argv) {
  const args = benchArgs(argv);
  const [othersMin, othersMax = othersMin] = (args.others ?? "20-300").split("-").map(Number);
  return {
    scenario: args.scenario ?? "both",
    scale: Number(args.scale ?? 1),
    regions: Number(args.regions ?? 30),
    big: Number(args.big ?? 5000),
    othersMin,
    othersMax,
    page: Number(args.page ?? 1000),
    latency: Number(args.latency ?? 100),
    concurrency: args.concurrency === undefined ? undefined : Number(args.concurrency),
    seed: Number(args.seed ?? 6),
    json: args.json === "true",
    serve: args.serve === "true",
    reuse: args.reuse !== "false",
  };
}

/** The same regions, pages and calls with `scale` times the instances per page. */
function scaled(o, scale) {
  const by = (n) => Math.max(1, Math.round(n * scale));
  return { ...o, scale, big: by(o.big), othersMin: by(o.othersMin), othersMax: by(o.othersMax), page: Math.max(5, by(o.page)) };
}

/** One big region first, the others spread evenly between othersMin and othersMax. */
async function benchFleet(o) {
  const { generateFleet } = await importTs("fakes/ec2/generate-fleet.ts");
  const sizes = Array.from({ length: o.regions }, (_, i) =>
    i === 0 ? o.big : Math.round(o.othersMin + ((o.othersMax - o.othersMin) * (i - 1)) / Math.max(1, o.regions - 2)),
  );
  // Groups as generateFleet makes them (12 + one per 25 instances), scaled like the pages: one page per region.
  const groups = sizes.map((n) => Math.round((12 + n / o.scale / 25) * o.scale));
  return generateFleet({ regions: o.regions, instancesPerRegion: sizes, securityGroupsPerRegion: groups, seed: o.seed });
}

// ---- child: the fake endpoint ------------------------------------------------------------------
async function serve(o) {
  const { startFakeEc2 } = await importTs("fakes/ec2/server.ts");
  const fake = await startFakeEc2({ fleet: await benchFleet(o), latencyMs: o.latency, maxPageSize: o.page, port: 0, reuseAnswers: o.reuse });
  process.on("message", async (message) => {
    if (message === "stats") process.send?.({ stats: fake.stats.snapshot(), maxInFlight: fake.stats.maxInFlight });
    if (message === "reset") (fake.stats.reset(), process.send?.({ reset: true }));
    if (typeof message === "object" && "reuseAnswers" in message) (fake.update({ reuseAnswers: message.reuseAnswers }), process.send?.({ reuse: message.reuseAnswers }));
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

/** Clients whose calls, across every region, wait for each other: a scanner with no parallelism at all. */
function oneCallAtATime(factory) {
  let tail = Promise.resolve();
  return (region, options) => {
    const client = factory(region, options);
    client.middlewareStack.add(
      (next) => async (args) => {
        const previous = tail;
        let release;
        tail = new Promise((resolve) => (release = resolve));
        await previous;
        try {
          return await next(args);
        } finally {
          release();
        }
      },
      { step: "initialize", name: "benchOneCallAtATime" },
    );
    return client;
  };
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

async function scenario(name, o) {
  const fleet = await benchFleet(o);
  const serverArgs = Object.entries({ ...o, serve: true, others: `${o.othersMin}-${o.othersMax}` }).map(([k, v]) => `--${k}=${v}`);
  const child = fork(fileURLToPath(import.meta.url), serverArgs, { stdio: "inherit" });
  const { url } = await new Promise((done) => child.once("message", done));

  const { scanFleet, clearRegionCache, DEFAULT_CONCURRENCY } = await importTs("lib/audit/index.ts");
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  const { fakeEc2ClientFactory } = await importTs("fakes/ec2/client-factory.ts");
  const clientFactory = fakeEc2ClientFactory(url);

  const pageSize = Math.min(1000, o.page);
  const pages = (n) => Math.max(1, Math.ceil(n / pageSize));
  const perRegion = fleet.regions.map((r) => ({ region: r.name, instancePages: pages(r.instances.length), groupPages: pages(r.securityGroups.length) }));
  const callsOf = (r) => r.instancePages + r.groupPages;
  const slowest = perRegion.reduce((a, b) => (callsOf(b) > callsOf(a) ? b : a));
  const totalCalls = 1 + perRegion.reduce((n, r) => n + callsOf(r), 0);
  // The issue's reference: the slowest region's calls in sequence (after DescribeRegions).
  const criticalPathMs = (1 + callsOf(slowest)) * o.latency;
  // What no schedule of plain paging can beat: DescribeRegions, then the longest paging chain (groups page beside instances).
  const lowerBoundMs = o.latency + Math.max(...perRegion.map((r) => Math.max(r.instancePages, r.groupPages))) * o.latency;
  // Our chain with instance-id slices: DescribeRegions, then the longest slice chain beside the
  // first page (a region an earlier scan found large asks for its 16 slices with its first page).
  const slicePages = (r) => {
    if (r.instancePages <= 1) return 1;
    const bySecondDigit = new Map();
    for (const { instanceId } of fleet.regions.find((f) => f.name === r.region).instances) {
      bySecondDigit.set(instanceId[3], (bySecondDigit.get(instanceId[3]) ?? 0) + 1);
    }
    return Math.max(...[...bySecondDigit.values()].map(pages));
  };
  const slicedChainMs = o.latency + Math.max(...perRegion.map((r) => Math.max(slicePages(r), r.groupPages))) * o.latency;
  const totalInstances = fleet.regions.reduce((n, r) => n + r.instances.length, 0);

  const run = async (label, options, factory = clientFactory) => {
    clearRegionCache();
    await ask(child, "reset", "reset");
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const result = await scanFleet({ regions: "all", requiredTags: ["Owner", "Environment"], homeRegion: fleet.regions[0].name, clientFactory: factory, ...options });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const { stats, maxInFlight } = await ask(child, "stats", "stats");
    const calls = Object.values(stats).reduce((n, byAction) => n + Object.values(byAction).reduce((m, c) => m + c.calls, 0), 0);
    const expected = options.regions ? fleet.regions.filter((r) => options.regions.includes(r.name)).reduce((n, r) => n + r.instances.length, 0) : totalInstances;
    if (result.summary.failedRegions > 0 || result.summary.instances !== expected) throw new Error(`${label}: bad scan ${JSON.stringify(result.summary)}`);
    return { label, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, calls, maxInFlight, result };
  };

  // A server scans again and again: warm the JIT and the SDK with one whole scan (not measured),
  // then take the median of three (each run still reads DescribeRegions: the region cache is cleared).
  const medianOf = async (times, label, options, factory) => {
    const all = [];
    for (let i = 0; i < times; i++) all.push(await run(label, options, factory));
    const sorted = [...all].sort((a, b) => a.wallMs - b.wallMs);
    return { ...sorted[Math.floor(times / 2)], each: all.map((m) => Math.round(m.wallMs)) };
  };
  const first = await run("first scan after start (cold JIT)", { concurrency });
  // What the server passes on a later scan: each region's instances in the latest finished scan
  // (a region that had more than one page asks for its slices beside its first page).
  const earlierInstanceCounts = Object.fromEntries(first.result.regions.map((r) => [r.region, r.total]));
  const parallel = await medianOf(3, `parallel, concurrency ${concurrency}${o.concurrency === undefined ? " (default)" : ""}, median of 3`, {
    concurrency,
    earlierInstanceCounts,
  });
  const unknownSizes = await medianOf(3, "the same with no earlier scan (first page first)", { concurrency });
  let renderedAfresh;
  if (o.reuse) {
    await ask(child, { reuseAnswers: false }, "reuse");
    renderedAfresh = await medianOf(3, "the same, the fake rendering every answer afresh", { concurrency, earlierInstanceCounts });
    await ask(child, { reuseAnswers: true }, "reuse");
  }
  const byDefault = concurrency === 8 ? parallel : await medianOf(3, "parallel, concurrency 8, median of 3", { concurrency: 8, earlierInstanceCounts });
  const bigAlone = await run(`${slowest.region} alone (its chain, nothing else)`, { regions: [slowest.region], concurrency: 1, earlierInstanceCounts });
  const unsliced = await run("parallel, no instance-id slices (plain paging)", { concurrency, instanceSlices: false });
  // The serial baselines are what a plain script does: no slices, one nextToken after another.
  const serialRegions = await run("serial: one region at a time (concurrency 1)", { concurrency: 1, instanceSlices: false });
  const serialCalls = await run("serial: one call at a time", { concurrency: 1, instanceSlices: false }, oneCallAtATime(clientFactory));
  child.send("close");

  const runs = [first, parallel, unknownSizes, ...(renderedAfresh ? [renderedAfresh] : []), ...(byDefault === parallel ? [] : [byDefault]), unsliced, bigAlone, serialRegions, serialCalls];
  console.log(`\n== ${name}`);
  console.log(
    `fleet: ${o.regions} regions, ${totalInstances.toLocaleString("en-US")} instances (${slowest.region} ${o.big.toLocaleString("en-US")}, ` +
      `others ${o.othersMin}-${o.othersMax}), ${totalCalls} calls in all`,
  );
  console.log(
    `fake EC2 in a child process: ${o.latency} ms per call, pages of at most ${pageSize} (the scanner asks MaxResults 1000), ` +
      `${o.reuse ? "each answer rendered once and given again" : "every answer rendered afresh"}`,
  );
  console.log(`scanner's Node flags: ${process.execArgv.filter((f) => f.startsWith("--max-")).join(" ") || "none (Node's defaults)"}`);
  console.log(`critical path: ${fmt(criticalPathMs)}  (DescribeRegions + ${slowest.instancePages} instance pages + ${slowest.groupPages} group page(s) of ${slowest.region}, in sequence)`);
  console.log(`lower bound:   ${fmt(lowerBoundMs)}  (DescribeRegions + the longest paging chain; groups page beside instances)`);
  console.log(`sliced chain:  ${fmt(slicedChainMs)}  (DescribeRegions + the longest instance-id slice chain, beside the first page: what our scanner waits for)`);
  for (const m of runs) {
    console.log(
      `  ${m.label.padEnd(46)} wall ${fmt(m.wallMs).padStart(8)}  ${(m.wallMs / criticalPathMs).toFixed(2).padStart(6)}x critical path` +
        `   scanner CPU ${fmt(m.cpuMs).padStart(7)}   ${m.calls} calls, at most ${m.maxInFlight} in flight` +
        (m.each ? `   (runs: ${m.each.join(", ")} ms)` : ""),
    );
  }
  const overCritical = parallel.wallMs / criticalPathMs;
  const vsSerial = serialCalls.wallMs / parallel.wallMs;
  const vsSerialRegions = serialRegions.wallMs / parallel.wallMs;
  // If every call cost only its latency: the most this fleet's shape allows.
  const ceiling = (totalCalls * o.latency) / lowerBoundMs;
  console.log(`serial / parallel: ${vsSerial.toFixed(1)}x one call at a time, ${vsSerialRegions.toFixed(1)}x one region at a time`);
  console.log(`  (plain paging's ceiling for this fleet: ${totalCalls} calls in sequence over the ${fmt(lowerBoundMs)} lower bound = ${ceiling.toFixed(1)}x; slices lift it)`);
  console.log(`against our own sliced chain (${fmt(slicedChainMs)}): ${(parallel.wallMs / slicedChainMs).toFixed(2)}x`);
  const usPerInstance = (parallel.cpuMs * 1000) / totalInstances;
  console.log(
    `scanner CPU: ${fmt(parallel.cpuMs)} on one JS thread, ${(parallel.cpuMs / parallel.calls).toFixed(1)} ms per call, ` +
      `${usPerInstance.toFixed(0)} µs per instance in all (signing and the SDK's middleware per call, our XML readers, the rules); ` +
      `${slowest.region} alone takes ${fmt(bigAlone.wallMs)} against its sliced chain of ${fmt(slicedChainMs)}`,
  );
  console.log(
    `targets: <= 1.25x critical path: ${overCritical <= 1.25 ? "met" : "NOT met"} (${overCritical.toFixed(2)}x); ` +
      `>= 15x faster than serial: ${vsSerial >= 15 ? "met" : "NOT met"} (${vsSerial.toFixed(1)}x)`,
  );
  return {
    scenario: name,
    regions: o.regions,
    instances: totalInstances,
    calls: totalCalls,
    latencyMs: o.latency,
    pageSize,
    criticalPathMs,
    lowerBoundMs,
    slicedChainMs,
    parallelMs: Math.round(parallel.wallMs),
    defaultConcurrencyMs: Math.round(byDefault.wallMs),
    bigRegionAloneMs: Math.round(bigAlone.wallMs),
    serialOneRegionAtATimeMs: Math.round(serialRegions.wallMs),
    serialOneCallAtATimeMs: Math.round(serialCalls.wallMs),
    scannerCpuMs: Math.round(parallel.cpuMs),
    firstScanMs: Math.round(first.wallMs),
    parallelRunsMs: parallel.each,
    unknownSizesMs: Math.round(unknownSizes.wallMs),
    renderedAfreshMs: renderedAfresh ? Math.round(renderedAfresh.wallMs) : undefined,
    unslicedParallelMs: Math.round(unsliced.wallMs),
    parallelOverCriticalPath: +overCritical.toFixed(3),
    parallelOverSlicedChain: +(parallel.wallMs / slicedChainMs).toFixed(3),
    serialOverParallel: +vsSerial.toFixed(2),
    serialRegionsOverParallel: +vsSerialRegions.toFixed(2),
    ceilingSerialOverParallel: +ceiling.toFixed(2),
  };
}

async function main(o) {
  const results = [];
  if (o.scenario === "spec" || o.scenario === "both") {
    results.push(await scenario(`issue 6 fleet${o.scale === 1 ? "" : ` x${o.scale}`}`, o.scale === 1 ? o : scaled(o, o.scale)));
  }
  if (o.scenario === "latency-only" || o.scenario === "both") {
    results.push(await scenario("latency-only control: the same pages and calls, 50x fewer instances per page", scaled(o, 0.02)));
  }
  if (o.json) console.log(`RESULT ${JSON.stringify({ bench: "audit-scan", results })}`);
}

/** Runs this script again with the server's Node flags (the scanner runs in this process). */
function withServerFlags() {
  const missing = SERVER_NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
  if (missing.length === 0 || process.argv.includes("--server-flags=false")) return false;
  const again = spawn(process.execPath, [...process.execArgv, ...missing, ...process.argv.slice(1)], { stdio: "inherit" });
  again.on("exit", (code, signal) => process.exit(signal ? 128 : (code ?? 1)));
  return true;
}

const options = parseArgs(process.argv.slice(2));
if (options.serve) await serve(options);
else if (!withServerFlags()) await main(options);
