#!/usr/bin/env node
// Profile viewer benchmark (issue 4): one large synthetic profile, measured three ways in one run.
//
//   1. our server-side pipeline (read, decode, top table, pruned flame tree, JSON) as a fresh Node
//      process, against `go tool pprof -top -symbolize=none` on the same file: wall time, peak RSS
//      and the ratio (target: ours / pprof <= 0.5);
//   2. navigation to a fully drawn flame graph in headless Chromium against the production server
//      (target: < 1.5 s): after upload (views precomputed in the background), and after a server
//      restart (cold: nothing in memory; the views stored in the blob store at upload are read, or
//      the profile is read and decoded when there are none);
//   3. the server's peak memory (VmHWM of its processes) while serving it.
//
//   npm run bench -- profile-viewer           # or: node bench/profile-viewer.mjs
//   options: --samples=500000 --stacks=50000 --functions=5000 --depth=64 --seed=1
//            --runs=1 (repeat the process comparison, report medians) --no-go --no-browser
//            --fresh (regenerate the profile instead of reusing the cached file) --json
//            --visits=3 (warm page views to time) --build=always (rebuild the app first)
//
// Needs Debian's chromium at /usr/bin/chromium (or CHROMIUM_PATH), and Go 1.21 or newer on the PATH for the
// pprof part (skipped, and said so, when missing). Nothing from the network. The server runs a copy
// of the app built in $TMPDIR/fleetscope-bench/app (rebuilt when a source is newer than that build).
import { findGo } from "./lib/go.mjs";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";
import { ensureBuild as buildApp, freePort, peakRssKiB, startServer, stopServer } from "./lib/app-server.mjs";
import { ROOT } from "./lib/ts-loader.mjs";
import { benchArgs } from "./lib/args.mjs";
import { transpile } from "./lib/transpile.mjs";

process.chdir(ROOT);
const args = benchArgs();
// --shape=production: a profile shaped like a real service's (testing/pprof/synthetic.ts PRODUCTION_SHAPE).
const production = args.shape === "production";
const opt = {
  shape: production ? "production" : "synthetic",
  samples: Number(args.samples ?? (production ? 600_000 : 500_000)),
  stacks: Number(args.stacks ?? (production ? 60_000 : 50_000)),
  functions: Number(args.functions ?? (production ? 6_000 : 5_000)),
  depth: Number(args.depth ?? 64),
  seed: Number(args.seed ?? 1),
  runs: Math.max(1, Number(args.runs ?? 1)),
  go: args["no-go"] !== "true",
  browser: args["no-browser"] !== "true",
  fresh: args.fresh === "true",
  json: args.json === "true",
  visits: Math.max(1, Number(args.visits ?? 3)),
};
const OUT = path.join(ROOT, "bench/out");
const JS = path.join(OUT, "js");
const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;
const GO = findGo();
const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => fs.existsSync(p)) ?? null;
const result = { options: opt };

const ms = (x) => `${Math.round(x).toLocaleString("en-US")} ms`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// ---- 1. the profile -----------------------------------------------------------------------------
async function profileFile() {
  const [synthetic] = transpile(["testing/pprof/synthetic.ts"], JS);
  const source = fs.readFileSync(path.join(ROOT, "testing/pprof/synthetic.ts"));
  const key = createHash("sha256").update(source).update(JSON.stringify([opt.samples, opt.stacks, opt.functions, opt.depth, opt.seed, opt.shape])).digest("hex").slice(0, 12);
  const dir = path.join(os.tmpdir(), "fleetscope-bench");
  const file = path.join(dir, `synthetic-${key}.pb.gz`);
  if (fs.existsSync(file) && !opt.fresh) {
    console.log(`profile: ${file} (cached; same generator and options; --fresh to regenerate)`);
  } else {
    const started = performance.now();
    const { syntheticProfile } = await import(pathToFileURL(synthetic).href);
    const shape = production ? { sitesPerFunction: 20, stackRuns: true } : {};
    const p = syntheticProfile({ seed: opt.seed, samples: opt.samples, stacks: opt.stacks, functions: opt.functions, maxDepth: opt.depth, ...shape });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(`${file}.tmp`, gzipSync(p.encode()));
    fs.renameSync(`${file}.tmp`, file);
    console.log(`profile: generated ${file} in ${ms(performance.now() - started)}`);
  }
  const size = fs.statSync(file).size;
  console.log(
    `  ${opt.samples.toLocaleString("en-US")} samples, ${opt.stacks.toLocaleString("en-US")} distinct stacks, ${opt.functions.toLocaleString("en-US")} functions, up to ${opt.depth} locations deep, seed ${opt.seed}; ${(size / 2 ** 20).toFixed(1)} MiB gzipped`,
  );
  result.profile = { file, bytes: size };
  return file;
}

// ---- 2. ours vs go tool pprof -top ----------------------------------------------------------------
/** Runs a command under /usr/bin/time -v when available; wall time measured here, peak RSS from time(1). */
function measure(command, commandArgs, { stdout = "pipe" } = {}) {
  return new Promise((resolve, reject) => {
    const argv = TIME ? ["-v", command, ...commandArgs] : commandArgs;
    const started = performance.now();
    const child = spawn(TIME ?? command, argv, { stdio: ["ignore", stdout, "pipe"], env: { ...process.env, NODE_OPTIONS: "" } });
    let out = "";
    let err = "";
    child.stdout?.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      const wallMs = performance.now() - started;
      if (code !== 0) return reject(new Error(`${command} ${commandArgs.join(" ")} exited with ${code}\n${err.slice(-2000)}`));
      const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(err);
      resolve({ wallMs, maxRssKiB: rss ? Number(rss[1]) : null, stdout: out, stderr: err });
    });
  });
}

async function compareWithPprof(file) {
  transpile(["lib/pprof/summary.ts", "lib/pprof/profile-table.ts", "lib/pprof/top.ts", "lib/pprof/flame-tree.ts"], JS);
  console.log(`\nour pipeline vs go tool pprof -top (${opt.runs} run${opt.runs > 1 ? "s each, medians" : " each"})`);
  const ours = [];
  for (let i = 0; i < opt.runs; i++) {
    const run = await measure(process.execPath, [path.join(ROOT, "bench/lib/viewer-pipeline.mjs"), JS, file]);
    const detail = JSON.parse(run.stdout.trim().split("\n").pop());
    ours.push({ wallMs: run.wallMs, maxRssKiB: run.maxRssKiB ?? detail.maxRssKiB, detail });
  }
  const o = ours[0].detail;
  const oursWall = median(ours.map((r) => r.wallMs));
  const oursRss = Math.max(...ours.map((r) => r.maxRssKiB));
  console.log(
    `  ours:  ${ms(oursWall)} wall, peak RSS ${mib(oursRss)}  (node start + module load ${ms(o.loadMs)}, read + gunzip + decode ${ms(o.decodeMs)}, top table ${ms(o.topMs)}, flame tree + JSON ${ms(o.flameMs)})`,
  );
  console.log(
    `         ${o.functions.toLocaleString("en-US")} functions in the top table (${(o.topJsonBytes / 1024).toFixed(0)} KiB JSON); flame tree ${(o.flameJsonBytes / 1024).toFixed(0)} KiB JSON after folding ${o.folded.frames.toLocaleString("en-US")} frames under 0.05% of the total`,
  );
  result.ours = { wallMs: oursWall, maxRssKiB: oursRss, runs: ours.map((r) => r.wallMs), ...o };
  if (!GO || !opt.go) {
    console.log(`  go tool pprof: skipped, ${GO ? "--no-go" : "Go is not installed (apt-get install golang-go)"}`);
    return;
  }
  const pprof = [];
  for (let i = 0; i < opt.runs; i++) {
    pprof.push(await measure(GO, ["tool", "pprof", "-top", "-symbolize=none", file]));
  }
  const pWall = median(pprof.map((r) => r.wallMs));
  const pRss = Math.max(...pprof.map((r) => r.maxRssKiB ?? 0));
  const totalLine = pprof[0].stdout.split("\n").find((l) => l.startsWith("Showing nodes")) ?? "";
  const pprofTotal = /of (\S+) total/.exec(totalLine)?.[1];
  console.log(`  pprof: ${ms(pWall)} wall, peak RSS ${pRss ? mib(pRss) : "n/a"}  (${pprofTotal} total; ours ${(o.total / 1e9).toFixed(2)}s)`);
  const ratio = oursWall / pWall;
  console.log(`  ratio ours / pprof: ${ratio.toFixed(3)} (target <= 0.5) ${ratio <= 0.5 ? "OK" : "MISSED"}; memory ${(oursRss / pRss).toFixed(2)}x`);
  result.pprof = { wallMs: pWall, maxRssKiB: pRss, runs: pprof.map((r) => r.wallMs), total: pprofTotal };
  result.ratio = ratio;
}

// ---- 3. the browser -------------------------------------------------------------------------------
/** In the page: the flame graph is fully drawn when every frame has its width and the root spans the svg. */
const DRAWN = () => {
  const mark = (name) => performance.getEntriesByName(name)[0]?.startTime;
  // A big tree is drawn on a canvas (components/flame-canvas.tsx): drawn once it says so.
  const host = document.querySelector('[data-testid="flame-graph"]');
  if (host?.dataset.renderer === "canvas") {
    if (host.dataset.ready !== "true") return false;
    // The canvas is painted when the chart is built (the same task): that mark is the drawing's time.
    return { drawnMs: mark("flame-graph:built"), frames: Number(host.dataset.drawnFrames), chartStartMs: mark("flame-graph:start"), chartBuiltMs: mark("flame-graph:built") };
  }
  const svg = document.querySelector('[data-testid="flame-graph"] svg');
  if (!svg) return false;
  const rects = svg.querySelectorAll("g.frame rect");
  const root = svg.querySelector('g.frame[name="root"]');
  if (rects.length === 0 || !root) return false;
  if (Number(root.querySelector("rect").getAttribute("width")) !== Number(svg.getAttribute("width"))) return false;
  if (root.querySelector(".d3-flame-graph-label")?.textContent !== "root") return false;
  for (const r of rects) if (!r.hasAttribute("width")) return false;
  return { drawnMs: performance.now(), frames: rects.length, chartStartMs: mark("flame-graph:start"), chartBuiltMs: mark("flame-graph:built") };
};

async function navigate(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url, { waitUntil: "commit" });
  const handle = await page.waitForFunction(DRAWN, undefined, { polling: "raf", timeout: 120_000 });
  const drawn = await handle.jsonValue();
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const res = (part) => performance.getEntriesByType("resource").find((e) => e.name.includes(part));
    const flame = res("/flamegraph");
    const top = res("/top");
    return {
      htmlMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoadedEventEnd,
      flameFetch: flame && {
        startMs: flame.startTime,
        endMs: flame.responseEnd,
        initiator: flame.initiatorType,
        kib: flame.encodedBodySize / 1024,
        server: flame.serverTiming?.map((t) => `${t.description} ${Math.round(t.duration)} ms`).join(", "),
      },
      topFetch: top && { startMs: top.startTime, endMs: top.responseEnd, initiator: top.initiatorType },
    };
  });
  await page.close();
  return { ...drawn, ...timing };
}

function describeNavigation(label, nav) {
  const f = nav.flameFetch;
  console.log(
    `  ${label}: ${ms(nav.drawnMs)} from navigation to a fully drawn flame graph (${nav.frames.toLocaleString("en-US")} frames) ${nav.drawnMs < 1500 ? "OK" : "MISSED (target < 1.5 s)"}`,
  );
  console.log(
    `      HTML done ${ms(nav.htmlMs)}, DOMContentLoaded ${ms(nav.domContentLoadedMs)}` +
      (f ? `, flame graph JSON ${ms(f.startMs)} → ${ms(f.endMs)} (${f.kib.toFixed(0)} KiB on the wire, started by ${f.initiator}${f.server ? `; server: ${f.server}` : ""})` : "") +
      (nav.chartStartMs !== undefined ? `, d3 chart built ${ms(nav.chartStartMs)} → ${ms(nav.chartBuiltMs)}` : ""),
  );
}

/** A regular expression matching exactly `name` (pprof's filters take regular expressions). */
const exactly = (name) => `^${name.replace(/[\\^$.*+?()[\]{}|]/g, "\\$&")}$`;

/**
 * The filtered views of the profile through the API, each with filters no earlier request used (so
 * none is served from the view cache): time to the answer, and the server's compute time.
 */
async function filteredViews(base, id, label) {
  const top = await (await fetch(`${base}/api/profiles/${id}/top`)).json();
  // A function of the middle of the table, and a hot one: focus on one, hide or ignore the other.
  const mid = top.rows[Math.floor(top.rows.length / 3)].name;
  const hot = top.rows[2].name;
  const q = (params) => new URLSearchParams(params).toString();
  const requests = [
    ["top, focus", `top?${q({ focus: exactly(mid) })}`],
    ["flame graph, focus + hide", `flamegraph?${q({ focus: exactly(mid), hide: exactly(hot) })}`],
    ["peek, ignore", `peek?${q({ function: mid, ignore: exactly(hot) })}`],
    ["graph (pprof -dot defaults)", "graph"],
    ["graph, show_from", `graph?${q({ show_from: exactly(mid) })}`],
    ["sandwich, tagfocus", `sandwich?${q({ function: mid, tagfocus: "endpoint=op1$" })}`],
    ["tags, focus", `tags?${q({ focus: exactly(mid) })}`],
    ["top, -lines", `top?${q({ granularity: "lines" })}`],
    // What the flame graph would draw with every frame (issue 16, piece 6): the server's side of it.
    ["flame graph, nothing folded", `flamegraph?${q({ minFraction: "0" })}`],
    // The same as the viewer asks for it: preorder columns in a binary body (lib/pprof/flame-frames-codec.ts).
    ["flame graph, nothing folded, frames", `flamegraph?${q({ minFraction: "0", format: "frames" })}`],
  ];
  console.log(`  filtered views ${label}:`);
  const out = [];
  for (const [name, path] of requests) {
    const started = performance.now();
    const res = await fetch(`${base}/api/profiles/${id}/${path}`);
    const body = await res.arrayBuffer();
    const wallMs = performance.now() - started;
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${Buffer.from(body).toString().slice(0, 300)}`);
    const server = res.headers.get("server-timing");
    const verdict = path.includes("minFraction") ? "" : wallMs < 2000 ? "OK" : "MISSED (target < 2 s)";
    console.log(`      ${name.padEnd(30)} ${ms(wallMs).padStart(10)} ${verdict}  (${(body.byteLength / 1024).toFixed(0)} KiB; ${server})`);
    out.push({ name, path, wallMs, bytes: body.byteLength, server });
  }
  return out;
}

/**
 * Issue 16's piece 6: the flame graph with every frame (`?minFraction=0`, nothing folded): the time
 * from navigation to drawn, then three programmatic zoom clicks (a frame of the middle, the deepest
 * drawn, the root), each with the frame times requestAnimationFrame sees over the next second.
 */
async function everyFrame(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await page.goto(url, { waitUntil: "commit" });
    const handle = await page.waitForFunction(DRAWN, undefined, { polling: 1000, timeout: 600_000 });
    const drawn = await handle.jsonValue();
    const { json, fetchEndMs } = await page.evaluate(() => {
      const e = performance.getEntriesByType("resource").find((r) => r.name.includes("/flamegraph"));
      return { json: e?.encodedBodySize ?? 0, fetchEndMs: e?.responseEnd };
    });
    const zooms = await page.evaluate(async () => {
      const host = document.querySelector('[data-testid="flame-graph"]');
      const canvas = host.querySelector("canvas");
      // On the canvas: a click at a point of a row (18 px each, the root's first), zooming into the frame there.
      // The point is found before the timing starts: the first from `fraction` along the row where
      // a pointer move shows a frame's tooltip (a frame's self value leaves a gap under it).
      const at = (row, fraction) => () => {
        const box = canvas.getBoundingClientRect();
        const tip = document.querySelector('[data-testid="flame-tooltip"]');
        let point = { clientX: box.left + box.width * fraction, clientY: box.top + row * 18 + 9 };
        for (let k = 0; k < 400; k++) {
          const p = { clientX: box.left + box.width * ((fraction + k * 0.0025) % 1), clientY: point.clientY };
          tip.style.display = "none";
          canvas.dispatchEvent(new MouseEvent("mousemove", { bubbles: true, ...p }));
          if (tip.style.display === "block") {
            point = p;
            break;
          }
        }
        tip.style.display = "none";
        return { canvas: true, ...point };
      };
      // First no click at all: the frame times of the page idle, on this machine, as a baseline.
      const idle = () => ({ idle: true });
      const pickers = canvas
        ? [idle, at(4, 0.5), at(8, 0.3), at(0, 0.5)]
        : [idle, (frames) => frames[Math.floor(frames.length / 2)], (frames) => frames[frames.length - 1], () => host.querySelector('g.frame[name="root"]')];
      const out = [];
      for (const pick of pickers) {
        const target = pick([...host.querySelectorAll("g.frame")]);
        const times = [];
        let running = true;
        let last = 0;
        const tick = (t) => {
          if (last) times.push(t - last);
          last = t;
          if (running) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        await new Promise((r) => setTimeout(r, 200));
        const started = performance.now();
        if (target.idle);
        else if (target.canvas) canvas.dispatchEvent(new MouseEvent("click", { bubbles: true, clientX: target.clientX, clientY: target.clientY }));
        else target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
        const clickMs = performance.now() - started;
        await new Promise((r) => setTimeout(r, 1000));
        running = false;
        const worst = Math.max(...times);
        const name = target.idle ? "(no click: the page idle)" : target.canvas ? host.dataset.zoomed : target.getAttribute("name");
        const frames = canvas ? Number(host.dataset.drawnFrames) : host.querySelectorAll("g.frame").length;
        out.push({ name, clickMs, worstFrameMs: worst, minFps: 1000 / worst, frames });
      }
      return out;
    });
    console.log(
      `  every frame (nothing folded): ${ms(drawn.drawnMs)} from navigation to drawn (${drawn.frames.toLocaleString("en-US")} frames drawn, ${(json / 2 ** 20).toFixed(1)} MiB on the wire) ${drawn.drawnMs < 1500 ? "OK" : "MISSED (target < 1.5 s)"}`,
    );
    console.log(`      flame graph received at ${ms(fetchEndMs)}, chart started ${ms(drawn.chartStartMs)}, drawn ${ms(drawn.chartBuiltMs)}`);
    for (const z of zooms) {
      console.log(`      zoom on ${z.name.slice(0, 40).padEnd(40)} (${z.frames.toLocaleString("en-US")} frames drawn) click handler ${ms(z.clickMs)}, worst frame ${ms(z.worstFrameMs)} (${z.minFps.toFixed(1)} fps) ${z.minFps >= 30 ? "OK" : "MISSED (target >= 30 fps)"}`);
    }
    return { ...drawn, jsonBytes: json, zooms };
  } finally {
    await page.close();
  }
}

async function browserRun(file) {
  if (!CHROMIUM) {
    console.log("\nbrowser: skipped, Debian's chromium is not installed (apt-get install -y chromium)");
    return;
  }
  console.log("\nbrowser:");
  buildApp(args.build === "always");
  const { chromium } = await import("@playwright/test");
  const { migrate } = await import(pathToFileURL(path.join(ROOT, "scripts/migrate.mjs")).href);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-bench-data-"));
  migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dataDir, DATABASE_URL: "" });
  const port = await freePort();
  console.log(`  production server on 127.0.0.1:${port}, data in ${dataDir}, headless ${CHROMIUM}`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  let server = await startServer(dataDir, port);
  try {
    const bytes = fs.readFileSync(file);
    let started = performance.now();
    const res = await fetch(`${server.base}/api/profiles?service=bench`, { method: "POST", body: bytes });
    if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    const { profile } = await res.json();
    const uploadMs = performance.now() - started;
    started = performance.now();
    // The upload precomputes the default views in the background; this waits for them.
    const warm = await fetch(`${server.base}/api/profiles/${profile.id}/flamegraph`);
    await warm.arrayBuffer();
    const precomputeMs = performance.now() - started;
    console.log(`  upload (decode, summary, store) ${ms(uploadMs)}; views ready ${ms(precomputeMs)} later (${warm.headers.get("server-timing")})`);
    const url = `${server.base}/profiles/${profile.id}`;
    const afterUpload = await navigate(browser, url);
    describeNavigation("after upload (views precomputed)", afterUpload);
    const visits = [afterUpload];
    for (let i = 1; i < opt.visits; i++) visits.push(await navigate(browser, url));
    if (visits.length > 1) {
      const times = visits.map((v) => v.drawnMs);
      console.log(`  all ${visits.length} warm visits: ${times.map((t) => Math.round(t)).join(", ")} ms; median ${ms(median(times))} ${median(times) < 1500 ? "OK" : "MISSED (target < 1.5 s)"}`);
      console.log("      (ms from navigation)  HTML  DOMContentLoaded  JSON  chart start  chart built  drawn");
      for (const v of visits) {
        const cell = (x, w) => String(x === undefined ? "-" : Math.round(x)).padStart(w);
        console.log(`      ${" ".repeat(20)}${cell(v.htmlMs, 6)}${cell(v.domContentLoadedMs, 18)}${cell(v.flameFetch?.endMs, 6)}${cell(v.chartStartMs, 13)}${cell(v.chartBuiltMs, 13)}${cell(v.drawnMs, 7)}`);
      }
    }
    result.browser = { filtered: await filteredViews(server.base, profile.id, "after upload (the table in memory)") };
    result.browser.everyFrame = await everyFrame(browser, `${url}?minFraction=0`);
    const warmRss = peakRssKiB(server.child.pid);
    console.log(`  server peak RSS (VmHWM, all its processes): ${mib(warmRss)} (upload, precompute and the page views)`);

    await stopServer(server);
    server = await startServer(dataDir, port);
    const baseRss = peakRssKiB(server.child.pid);
    const coldFiltered = await filteredViews(server.base, profile.id, "after a server restart (the first one reads the table)");
    const cold = await navigate(browser, url);
    describeNavigation("after a server restart (cold: nothing in memory)", cold);
    const coldRss = peakRssKiB(server.child.pid);
    console.log(`  server peak RSS after the cold view: ${mib(coldRss)} (${mib(baseRss)} when idle after start)`);
    result.browser = { ...result.browser, coldFiltered, uploadMs, precomputeMs, afterUpload, warmMedianMs: median(visits.map((v) => v.drawnMs)), visits, cold, serverPeakRssKiB: { warm: warmRss, idle: baseRss, cold: coldRss } };
  } finally {
    await browser.close();
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const load = () => os.loadavg().map((x) => x.toFixed(1)).join(" ");
console.log(`machine: ${os.cpus().length} CPUs, load average ${load()} (other work on the machine slows every figure below)`);
const file = await profileFile();
await compareWithPprof(file);
if (opt.browser) await browserRun(file);
console.log(`\nload average at the end: ${load()}`);
if (opt.json) console.log(`RESULT ${JSON.stringify(result)}`);
