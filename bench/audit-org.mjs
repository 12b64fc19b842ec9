#!/usr/bin/env node
// Organisation-audit benchmark (issue 15), through the running server's HTTP API: a scan of 20
// accounts of 17 regions each, through STS AssumeRole and EC2, against its critical path, in one run.
//
//   npm run build && npm run bench -- audit-org      # or: node bench/audit-org.mjs   (about a minute)
//   options: --accounts=20 --regions=17 --big=5000 --small=10 --latency=100 --port=3430
//            --account-concurrency=<accounts> --concurrency=<the server's default, 32> --json
//
// The fakes (EC2 with one fleet per account, STS) run in a child process, like remote endpoints,
// answering every call after `latency` ms. Account 1's first region has `big` instances (five pages
// of 1,000, read in 16 instance-id slices); every other region of every account has `small` (one page).
// The server (scripts/start.mjs: the production build, its Node flags, SQLite in a fresh data
// directory) is given the fakes' endpoints as a user would (AWS_ENDPOINT_URL_EC2, _STS) and
// FLEETSCOPE_AUDIT_CONCURRENCY / FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY; the accounts are registered
// with POST /api/accounts, each scan is POST /api/audits, polled (GET /api/audits/:id) until done.
// A scan's time is the server's own: the audit's startedAt to finishedAt (the findings stored).
//
// Critical path: AssumeRole, then the busiest region's chain (DescribeRegions, its slices beside
// its first page, the groups page beside them), measured as a scan of that account and region
// alone. The organisation scan's time (median of 3 after a warm-up scan) should be within 1.25x
// of it. Calls in flight are counted by the fakes, overall and per account, and must stay within the
// configured bounds: accounts at once x regions at once per account (FLEETSCOPE_AUDIT_CONCURRENCY)
// x 17 calls per region (16 slices and a groups page); AssumeRole calls at once within the accounts bound.
import { fork } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fakeEc2Env } from "../scripts/fake-ec2.mjs";
import { benchArgs } from "./lib/args.mjs";
import { api, launchServer, stopServer } from "./lib/app-server.mjs";
import { importTs, ROOT } from "./lib/ts-loader.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const PER_REGION_CALLS = 17;
const SERVER_DEFAULT_CONCURRENCY = 32;

function parseArgs(argv) {
  const a = benchArgs(argv);
  const accounts = Number(a.accounts ?? 20);
  return {
    accounts,
    regions: Number(a.regions ?? 17),
    big: Number(a.big ?? 5000),
    small: Number(a.small ?? 10),
    latency: Number(a.latency ?? 100),
    port: Number(a.port ?? 3430),
    accountConcurrency: Number(a["account-concurrency"] ?? accounts),
    concurrency: Number(a.concurrency ?? SERVER_DEFAULT_CONCURRENCY),
    json: a.json === "true",
    serve: a.serve === "true",
  };
}

const accountId = (i) => String(100000000000 + i + 1);
const accountName = (i) => `bench-team-${String(i + 1).padStart(2, "0")}`;

async function fleets(o) {
  const { generateFleet, REGION_NAMES } = await importTs("fakes/ec2/index.ts");
  const names = REGION_NAMES.slice(0, o.regions);
  const out = {};
  for (let i = 0; i < o.accounts; i++) {
    out[accountId(i)] = generateFleet({ regions: names, instancesPerRegion: (_, r) => (i === 0 && r === 0 ? o.big : o.small), seed: i + 1, ownerId: accountId(i) });
  }
  return { fleets: out, regions: names };
}

// ---- child: the fake endpoints -----------------------------------------------------------------
async function serve(o) {
  const { startFakeEc2 } = await importTs("fakes/ec2/server.ts");
  const { startFakeSts } = await importTs("fakes/sts/index.ts");
  const { fleets: accounts } = await fleets(o);
  const ec2 = await startFakeEc2({ fleet: { ownerId: "000000000000", regions: [] }, accounts, latencyMs: o.latency, port: 0, reuseAnswers: true });
  const sts = await startFakeSts({ accounts: Object.keys(accounts).map((id) => ({ accountId: id })), latencyMs: o.latency });
  process.on("message", async (message) => {
    if (message === "stats") {
      process.send?.({ stats: { ec2Max: ec2.stats.maxInFlight, ec2Calls: ec2.stats.calls(), perAccountMax: Math.max(0, ...ec2.stats.maxInFlightByAccount.values()), stsMax: sts.stats.maxInFlight, stsCalls: sts.stats.calls } });
    }
    if (message === "reset") (ec2.stats.reset(), sts.stats.reset(), process.send?.({ reset: true }));
    if (message === "close") (await ec2.close(), await sts.close(), process.exit(0));
  });
  process.send?.({ ec2: ec2.url, sts: sts.url });
}

function ask(child, message, key) {
  return new Promise((done) => {
    const onMessage = (reply) => {
      if (reply && key in reply) (child.off("message", onMessage), done(reply[key]));
    };
    child.on("message", onMessage);
    child.send(message);
  });
}

// ---- the server --------------------------------------------------------------------------------
function startAppServer(o, endpoints, dataDir) {
  const env = { ...fakeEc2Env(endpoints), FLEETSCOPE_DATA_DIR: dataDir };
  env.FLEETSCOPE_AUDIT_CONCURRENCY = String(o.concurrency);
  env.FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY = String(o.accountConcurrency);
  for (const key of ["AWS_SESSION_TOKEN", "AWS_PROFILE"]) if (process.env[key] === "") env[key] = undefined;
  return launchServer({ args: [path.join(ROOT, "scripts/start.mjs")], cwd: ROOT, env, port: o.port });
}

/**
 * POST the scan, poll it until it ends, once a second as the dashboard's report does (a faster
 * poll is load on the server the scan shares): its time is the server's (startedAt to finishedAt).
 */
async function scanThroughApi(base, request) {
  const { audit } = await api(base, "/api/audits", request);
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const { audit: now } = await api(base, `/api/audits/${audit.id}`);
    if (now.status === "running") continue;
    if (now.status !== "done" || now.summary.failedAccounts > 0 || now.summary.failedRegions > 0) throw new Error(`bad scan: ${now.status} ${now.error ?? ""} ${JSON.stringify(now.summary)}`);
    return { audit: now, wallMs: Date.parse(now.finishedAt) - Date.parse(now.startedAt), scanMs: now.summary.durationMs };
  }
}

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

// ---- parent: the scans -------------------------------------------------------------------------
async function main(o) {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--serve=true"], { stdio: "inherit" });
  const endpoints = await new Promise((done) => child.once("message", done));
  const { regions } = await fleets(o);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-bench-audit-org-"));
  const server = await startAppServer(o, endpoints, dataDir);
  try {
    for (let i = 0; i < o.accounts; i++) {
      await api(server.base, "/api/accounts", { accountId: accountId(i), name: accountName(i), roleArn: `arn:aws:iam::${accountId(i)}:role/FleetscopeAudit` });
    }
    const scan = async (request) => {
      await ask(child, "reset", "reset");
      const run = await scanThroughApi(server.base, { requiredTags: ["Owner"], ...request });
      return { ...run, stats: await ask(child, "stats", "stats") };
    };
    const median = async (times, request) => {
      const runs = [];
      for (let i = 0; i < times; i++) runs.push(await scan(request));
      return { ...runs.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(times / 2)], each: runs.map((r) => r.wallMs) };
    };
    const everyAccount = { accounts: "all", regions: "all" };
    await scan(everyAccount); // warm-up: JIT, SDK, sockets; the server then knows the big region's size
    const critical = await median(3, { accounts: [accountId(0)], regions: [regions[0]] });
    const org = await median(3, everyAccount);
    report(o, critical, org);
  } finally {
    await stopServer(server);
    child.send("close");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(o, critical, org) {
  const regionsAtOnce = Math.min(o.concurrency, o.regions);
  const bound = o.accountConcurrency * regionsAtOnce * PER_REGION_CALLS;
  const perAccountBound = regionsAtOnce * PER_REGION_CALLS;
  const ratio = org.wallMs / critical.wallMs;
  const instances = org.audit.summary.instances;
  console.log(`audit-org, through the server's HTTP API: ${o.accounts} accounts x ${o.regions} regions, ${instances.toLocaleString("en-US")} instances (one region of ${o.big.toLocaleString("en-US")}), ${o.latency} ms per call`);
  console.log(`  bounds: ${o.accountConcurrency} accounts at once (FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY), ${o.concurrency} regions at once per account (FLEETSCOPE_AUDIT_CONCURRENCY), up to ${PER_REGION_CALLS} calls per region`);
  console.log(`  critical path (AssumeRole, then the busiest region's chain): ${fmt(critical.wallMs)}  (runs ${critical.each.join(", ")} ms; calls ${fmt(critical.scanMs)})`);
  console.log(`  organisation scan:                                          ${fmt(org.wallMs)}  (runs ${org.each.join(", ")} ms; calls ${fmt(org.scanMs)}; ${org.stats.ec2Calls} EC2 calls, ${org.stats.stsCalls} AssumeRole)`);
  console.log(`  ratio: ${ratio.toFixed(2)}x the critical path (target: at most 1.25x: ${ratio <= 1.25 ? "met" : "NOT met"})`);
  console.log(`  EC2 calls in flight: at most ${org.stats.ec2Max} overall (bound ${bound}), ${org.stats.perAccountMax} in one account (bound ${perAccountBound}); AssumeRole in flight: at most ${org.stats.stsMax} (bound ${o.accountConcurrency})`);
  const withinBounds = org.stats.ec2Max <= bound && org.stats.perAccountMax <= perAccountBound && org.stats.stsMax <= o.accountConcurrency;
  console.log(`  calls in flight within the bounds: ${withinBounds ? "yes" : "NO"}`);
  if (o.json) console.log(`RESULT ${JSON.stringify({ bench: "audit-org", criticalMs: critical.wallMs, wallMs: org.wallMs, ratio: Number(ratio.toFixed(3)), criticalRuns: critical.each, orgRuns: org.each, ...org.stats, bound, perAccountBound, withinBounds })}`);
  if (!withinBounds) {
    console.error("audit-org: calls in flight went above the configured bounds");
    process.exitCode = 1;
  }
}

const options = parseArgs(process.argv.slice(2));
if (options.serve) await serve(options);
else await main(options);
