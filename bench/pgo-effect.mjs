#!/usr/bin/env node
// PGO effect benchmark: does Fleetscope's merged default.pgo make every service of one binary
// faster? testing/goservices is one Go binary serving users (JSON), search (string matching and
// sorting) and reports (aggregation and CSV with I/O waits). This benchmark:
//
//   1. builds it without PGO and collects a fresh CPU profile of each service (batch mode);
//   2. starts Fleetscope (`node scripts/start.mjs`) on a fresh data directory, uploads the three
//      profiles and downloads GET /api/pgo?service=users&service=search&service=reports, the merged
//      default.pgo CI would get;
//   3. builds each service's Go benchmark without PGO, with each service's own profile and with the
//      merged file (`go test -c -pgo=...`), runs every benchmark of every build several times,
//      interleaved (each round runs every build once, in a rotating order, so a change in the
//      machine's load hits every build alike), and prints, per service, the change in ns/op (wall)
//      and cpu-ns/op (the process's CPU time per unit of work) of each build against no PGO: the
//      median of the runs, their spread, and a Mann-Whitney p-value as benchstat gives them.
//
//   npm run bench -- pgo-effect --port=3200
//   options: --runs=10 (per build and service) --benchtime=0.3s --seconds=10 (profile length)
//            --port=3200 (for the server; default: a free one) --json --keep (keep the work dir)
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { benchArgs } from "./lib/args.mjs";
import { mannWhitneyP, median, spread } from "./lib/benchstats.mjs";
import { findGo } from "./lib/go.mjs";
import { ROOT } from "./lib/ts-loader.mjs";

const args = benchArgs();
const opt = {
  runs: Math.max(2, Number(args.runs ?? 10)),
  benchtime: args.benchtime ?? "0.3s",
  seconds: Number(args.seconds ?? 10),
  port: args.port ? Number(args.port) : null,
  json: args.json === "true",
  keep: args.keep === "true",
};
const SERVICES = ["users", "search", "reports"];
const MODULE = path.join(ROOT, "testing/goservices");
const BENCH_NAME = { users: "BenchmarkUsers", search: "BenchmarkSearch", reports: "BenchmarkReports" };

const GO = findGo();
if (!GO) {
  console.error("pgo-effect: needs Go 1.21 or newer on the PATH (Go 1.26 at /usr/local/go/bin)");
  process.exit(1);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-pgo-effect-"));
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)} s`;
const log = (msg) => console.log(`[${elapsed()}] ${msg}`);

function runBoth(command, argv, options = {}) {
  const r = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 256 << 20, ...options });
  if (r.status !== 0) throw new Error(`${command} ${argv.join(" ")} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r;
}
const run = (command, argv, options) => runBoth(command, argv, options).stdout;

// ---- 1. profiles of the binary built without PGO --------------------------------------------------
function collectProfiles() {
  const bin = path.join(work, "goservices");
  run(GO, ["build", "-pgo=off", "-o", bin, "."], { cwd: MODULE });
  log(`collecting ${opt.seconds} s CPU profiles of ${SERVICES.join(", ")} (batch mode, side by side)`);
  const children = SERVICES.map(
    (service) =>
      new Promise((resolve, reject) => {
        const file = path.join(work, `${service}.pprof`);
        const child = spawn(bin, [`-service=${service}`, `-cpuprofile=${file}`, `-seconds=${opt.seconds}`], { stdio: ["ignore", "pipe", "inherit"] });
        child.on("exit", (code) => (code === 0 ? resolve([service, file]) : reject(new Error(`${service} exited with ${code}`))));
      }),
  );
  return Promise.all(children).then(Object.fromEntries);
}

// ---- 2. the merged default.pgo, through a running Fleetscope -------------------------------------
function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The Fleetscope server while it runs (its own process group), so Ctrl-C can stop it too. */
let running = null;

async function startFleetscope() {
  const port = opt.port ?? (await freePort());
  const dataDir = path.join(work, "data");
  const env = { ...process.env, FLEETSCOPE_DATA_DIR: dataDir, HOST: "127.0.0.1", PORT: String(port) };
  for (const name of ["DATABASE_URL", "PROFILE_BUCKET", "PROFILE_PREFIX", "FLEETSCOPE_ADMIN_USER", "FLEETSCOPE_ADMIN_PASSWORD", "FLEETSCOPE_DEMO"]) delete env[name];
  const child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  running = child;
  child.once("exit", () => (running = null));
  let output = "";
  child.stdout.on("data", (d) => {
    output += d;
    // start.mjs's own lines ("building (about a minute)…"): progress worth showing.
    for (const line of String(d).split("\n")) if (line.startsWith("fleetscope:")) log(line);
  });
  child.stderr.on("data", (d) => (output += d));
  const base = `http://127.0.0.1:${port}`;
  log(`starting Fleetscope at ${base} (npm start: builds first when the sources changed)`);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Fleetscope exited:\n${output}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function stopFleetscope(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    process.kill(-server.child.pid, "SIGTERM"); // the process group this benchmark started
  });
}

async function api(base, pathname, init) {
  const res = await fetch(`${base}${pathname}`, init);
  if (!res.ok) throw new Error(`${init?.method ?? "GET"} ${pathname}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

async function mergedThroughFleetscope(profiles) {
  const server = await startFleetscope();
  try {
    for (const service of SERVICES) {
      const res = await api(server.base, `/api/profiles?service=${service}&label=source:pgo-effect`, { method: "POST", body: fs.readFileSync(profiles[service]) });
      const { profile } = await res.json();
      if (!profile.pgo.usable) throw new Error(`${service}'s profile is not PGO-usable: ${profile.pgo.problems.join("; ")}`);
    }
    const res = await api(server.base, `/api/pgo?${SERVICES.map((s) => `service=${s}`).join("&")}`);
    const file = path.join(work, "merged.pgo");
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    log(`downloaded the merged default.pgo (${(fs.statSync(file).size / 1024).toFixed(1)} KiB) from GET /api/pgo`);
    return file;
  } finally {
    await stopFleetscope(server);
  }
}

// ---- 3. builds and runs -----------------------------------------------------------------------------
// What the compiler did with each profile: -d=pgodebug=1 names every call site inlined only because
// the profile made it hot ("hot-budget check allows inlining"), in every package (the standard
// library is compiled again with the profile anyway); -m names every interface call PGO
// devirtualized, in the services' package.
const SERVICES_PACKAGE = "fleetscope.test/goservices/services";
const PGO_GCFLAGS = ["-gcflags=all=-d=pgodebug=1", `-gcflags=${SERVICES_PACKAGE}=-d=pgodebug=1 -m=1`];

function compilerDecisions(stderr) {
  const unique = (re) => new Set(stderr.split("\n").filter((l) => re.test(l))).size;
  return { hotInlined: unique(/hot-budget check allows inlining for call/), devirtualized: unique(/PGO devirtualizing/) };
}

function buildTests(builds) {
  for (const build of builds) {
    const t = performance.now();
    const flags = build.pgo === "off" ? [] : PGO_GCFLAGS;
    // The benchmarks live in a package of their own (not main): a test binary of a main package
    // names its functions by import path, so the binary's profile (main.*) would not match them.
    const { stderr } = runBoth(GO, ["test", "-c", `-pgo=${build.pgo}`, ...flags, "-o", build.bin, "./services"], { cwd: MODULE });
    build.decisions = compilerDecisions(stderr);
    log(`built ${build.label} (${((performance.now() - t) / 1000).toFixed(0)} s): ${build.decisions.hotInlined} hot call sites inlined, ${build.decisions.devirtualized} calls devirtualized`);
  }
}

/** One run of one benchmark: { ns, cpu } per op. */
function benchOnce(build, service) {
  const out = run(build.bin, ["-test.run=^$", `-test.bench=^${BENCH_NAME[service]}$`, `-test.benchtime=${opt.benchtime}`, "-test.count=1"], { cwd: MODULE });
  const line = out.split("\n").find((l) => l.startsWith(BENCH_NAME[service]));
  const field = (unit) => {
    const m = new RegExp(`([0-9.]+) ${unit.replace("/", "\\/")}`).exec(line ?? "");
    if (!m) throw new Error(`no ${unit} in the output of ${build.label} ${service}:\n${out}`);
    return Number(m[1]);
  };
  return { ns: field("ns/op"), cpu: field("cpu-ns/op") };
}

function runAll(builds) {
  const results = new Map(builds.map((b) => [b.key, Object.fromEntries(SERVICES.map((s) => [s, { ns: [], cpu: [] }]))]));
  for (let round = 0; round < opt.runs; round++) {
    for (const service of SERVICES) {
      for (let k = 0; k < builds.length; k++) {
        const build = builds[(k + round) % builds.length];
        const { ns, cpu } = benchOnce(build, service);
        results.get(build.key)[service].ns.push(ns);
        results.get(build.key)[service].cpu.push(cpu);
      }
    }
    log(`round ${round + 1} of ${opt.runs} done`);
  }
  return results;
}

// ---- the table ----------------------------------------------------------------------------------------
const duration = (ns) => (ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(1)} µs`);
const pct = (x) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;

function compare(runs, base) {
  const p = mannWhitneyP(runs, base);
  return { median: median(runs), spread: spread(runs), delta: median(runs) / median(base) - 1, p };
}

function cell(stat, isBase) {
  const own = `${duration(stat.median)} ±${(stat.spread * 100).toFixed(0)}%`;
  if (isBase) return [own, ""];
  const delta = stat.p < 0.05 ? pct(stat.delta) : "~";
  return [own, `${delta} (p=${stat.p.toFixed(3)})`];
}

function table(builds, results) {
  const rows = [];
  for (const service of SERVICES) {
    const base = results.get("none")[service];
    for (const build of builds) {
      const r = results.get(build.key)[service];
      rows.push({ service, build: build.label, ns: compare(r.ns, base.ns), cpu: compare(r.cpu, base.cpu), isBase: build.key === "none", runs: r });
    }
  }
  const header = ["service", "build", "ns/op", "vs no PGO", "cpu-ns/op", "vs no PGO"];
  const lines = rows.map((r) => [r.service, r.build, ...cell(r.ns, r.isBase), ...cell(r.cpu, r.isBase)]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cols) => cols.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  console.log(`\n${fmt(header)}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  let last = "";
  for (const l of lines) {
    if (last && l[0] !== last) console.log("");
    console.log(fmt(l));
    last = l[0];
  }
  console.log(`\nmedian of ${opt.runs} runs per build (-benchtime=${opt.benchtime}), ±: the farthest run from the median;`);
  console.log("vs no PGO: change of the medians, \"~\" when the Mann-Whitney U test gives p >= 0.05 (as benchstat).");
  console.log("\nwhat the compiler did with each profile (-d=pgodebug=1 in every package, -m in goservices):");
  for (const b of builds.filter((x) => x.decisions)) {
    console.log(`  ${b.label.padEnd(20)} ${String(b.decisions.hotInlined).padStart(4)} call sites inlined because hot, ${b.decisions.devirtualized} interface calls devirtualized`);
  }
  return rows;
}

// Ctrl-C: stop the server this benchmark started (its own process group) and leave no work directory.
process.once("SIGINT", () => {
  if (running) process.kill(-running.pid, "SIGTERM");
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(130);
});

try {
  const profiles = await collectProfiles();
  const merged = await mergedThroughFleetscope(profiles);
  const builds = [
    { key: "none", label: "no PGO", pgo: "off" },
    ...SERVICES.map((s) => ({ key: s, label: `${s}.pprof`, pgo: profiles[s] })),
    { key: "merged", label: "merged default.pgo", pgo: merged },
  ].map((b) => ({ ...b, bin: path.join(work, `${b.key}.test`) }));
  buildTests(builds);
  const rows = table(builds, runAll(builds));
  log("done");
  const decisions = Object.fromEntries(builds.filter((b) => b.decisions).map((b) => [b.key, b.decisions]));
  if (opt.json) console.log(JSON.stringify({ options: opt, go: run(GO, ["version"]).trim(), rows, decisions }));
} finally {
  if (opt.keep) console.log(`work directory kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
}
