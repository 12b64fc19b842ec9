#!/usr/bin/env node
// Organisation-audit benchmark (issue 15): a scan of 20 accounts of 17 regions each, through STS
// AssumeRole and EC2, against its critical path, in one run.
//
//   npm run bench -- audit-org            # or: node bench/audit-org.mjs   (about half a minute)
//   options: --accounts=20 --regions=17 --big=5000 --small=10 --latency=100
//            --account-concurrency=<accounts> --concurrency=<the default, 32> --json
//
// The fakes (EC2 with one fleet per account, STS) run in a child process, like remote endpoints,
// answering every call after `latency` ms. Account 1's first region has `big` instances (five pages
// of 1,000: read as a first page, then 16 instance-id slices side by side); every other region of
// every account has `small` (one page).
//
// Critical path: AssumeRole, then the busiest region's chain (DescribeRegions, its first page,
// then its slices; the groups page beside them), measured as a scan of that account and region
// alone. The organisation scan's wall time (median of 3 after a warm-up scan) should be within 1.25x
// of it. Calls in flight are counted by the fakes, overall and per account, and must stay within the
// configured bounds: accounts at once (FLEETSCOPE_AUDIT_ACCOUNT_CONCURRENCY) x regions at once per
// account (FLEETSCOPE_AUDIT_CONCURRENCY) x 17 calls per region (16 slices and a groups page);
// AssumeRole calls at once within the accounts bound.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { benchArgs } from "./lib/args.mjs";
import { importTs } from "./lib/ts-loader.mjs";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const PER_REGION_CALLS = 17;

function parseArgs(argv) {
  const a = benchArgs(argv);
  const accounts = Number(a.accounts ?? 20);
  return {
    accounts,
    regions: Number(a.regions ?? 17),
    big: Number(a.big ?? 5000),
    small: Number(a.small ?? 10),
    latency: Number(a.latency ?? 100),
    accountConcurrency: Number(a["account-concurrency"] ?? accounts),
    concurrency: a.concurrency === undefined ? undefined : Number(a.concurrency),
    json: a.json === "true",
    serve: a.serve === "true",
  };
}

const accountId = (i) => String(100000000000 + i + 1);

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

const fmt = (ms) => `${(ms / 1000).toFixed(2)} s`;

// ---- parent: the scans -------------------------------------------------------------------------
async function main(o) {
  const child = fork(fileURLToPath(import.meta.url), [...process.argv.slice(2), "--serve=true"], { stdio: "inherit" });
  const urls = await new Promise((done) => child.once("message", done));
  const { scanAccounts, clearRegionCache, DEFAULT_CONCURRENCY } = await importTs("lib/audit/index.ts");
  const { fakeEc2ClientFactory, FAKE_CREDENTIALS } = await importTs("fakes/ec2/client-factory.ts");
  const { regions } = await fleets(o);
  const concurrency = o.concurrency ?? DEFAULT_CONCURRENCY;
  const targets = Array.from({ length: o.accounts }, (_, i) => ({ accountId: accountId(i), roleArn: `arn:aws:iam::${accountId(i)}:role/FleetscopeAudit` }));
  const scan = async (accounts, regionList) => {
    clearRegionCache();
    await ask(child, "reset", "reset");
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const result = await scanAccounts({
      accounts,
      regions: regionList,
      requiredTags: ["Owner"],
      homeRegion: regions[0],
      concurrency,
      accountConcurrency: o.accountConcurrency,
      clientFactory: fakeEc2ClientFactory(urls.ec2),
      assumeRole: { stsClientConfig: { endpoint: urls.sts, region: regions[0], credentials: { ...FAKE_CREDENTIALS } } },
    });
    const wallMs = performance.now() - started;
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (result.summary.failedAccounts > 0 || result.summary.failedRegions > 0) throw new Error(`bad scan: ${JSON.stringify(result.summary)}`);
    return { wallMs, cpuMs, result, stats: await ask(child, "stats", "stats") };
  };
  const median = async (times, make) => {
    const runs = [];
    for (let i = 0; i < times; i++) runs.push(await make());
    return { ...runs.sort((a, b) => a.wallMs - b.wallMs)[Math.floor(times / 2)], each: runs.map((r) => Math.round(r.wallMs)) };
  };

  await scan(targets, "all"); // warm-up: JIT, SDK, sockets
  const critical = await median(3, () => scan([targets[0]], [regions[0]]));
  const org = await median(3, () => scan(targets, "all"));
  child.send("close");

  const bound = o.accountConcurrency * Math.min(concurrency, o.regions) * PER_REGION_CALLS;
  const perAccountBound = Math.min(concurrency, o.regions) * PER_REGION_CALLS;
  const ratio = org.wallMs / critical.wallMs;
  const instances = org.result.summary.instances;
  console.log(`audit-org: ${o.accounts} accounts x ${o.regions} regions, ${instances.toLocaleString("en-US")} instances (one region of ${o.big.toLocaleString("en-US")}), ${o.latency} ms per call`);
  console.log(`  bounds: ${o.accountConcurrency} accounts at once, ${concurrency} regions at once per account, up to ${PER_REGION_CALLS} calls per region`);
  console.log(`  critical path (AssumeRole, then the busiest region's chain): ${fmt(critical.wallMs)}  (runs ${critical.each.join(", ")} ms)`);
  console.log(`  organisation scan:                                          ${fmt(org.wallMs)}  (runs ${org.each.join(", ")} ms, ${org.stats.ec2Calls} EC2 calls, ${org.stats.stsCalls} AssumeRole; scanner CPU ${fmt(org.cpuMs)})`);
  console.log(`  ratio: ${ratio.toFixed(2)}x the critical path (target: at most 1.25x)`);
  console.log(`  EC2 calls in flight: at most ${org.stats.ec2Max} overall (bound ${bound}), ${org.stats.perAccountMax} in one account (bound ${perAccountBound}); AssumeRole in flight: at most ${org.stats.stsMax} (bound ${o.accountConcurrency})`);
  const withinBounds = org.stats.ec2Max <= bound && org.stats.perAccountMax <= perAccountBound && org.stats.stsMax <= o.accountConcurrency;
  if (o.json) console.log(`RESULT ${JSON.stringify({ criticalMs: Math.round(critical.wallMs), wallMs: Math.round(org.wallMs), ratio: Number(ratio.toFixed(3)), cpuMs: Math.round(org.cpuMs), ...org.stats, bound, perAccountBound, withinBounds })}`);
  if (!withinBounds) {
    console.error("audit-org: calls in flight went above the configured bounds");
    process.exit(1);
  }
}

const options = parseArgs(process.argv.slice(2));
if (options.serve) await serve(options);
else await main(options);
