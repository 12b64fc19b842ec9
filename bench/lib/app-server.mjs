// The production server the benchmarks measure through its HTTP API: a copy of the app built in a
// temporary directory (one per checkout), started with `next start` and the Node flags npm start
// gives it, on BENCH_PORT or a free port; its peak memory is read from /proc.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { SERVER_NODE_FLAGS } from "../../scripts/server-node-flags.mjs";
import { ROOT } from "./ts-loader.mjs";

/** The server's port: BENCH_PORT when set (each engineer has a range), else a free one. */
export function freePort() {
  if (process.env.BENCH_PORT) return Promise.resolve(Number(process.env.BENCH_PORT));
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Peak RSS (VmHWM) of a process and its descendants, in KiB. */
export function peakRssKiB(rootPid) {
  const children = new Map();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop();
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) total += Number(hwm[1]);
    } catch {
      // gone meanwhile
    }
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/**
 * The benchmark serves its own copy of the app (sources copied, node_modules hard-linked) built
 * in a temporary directory, so that a `next build` in the checkout cannot swap the files under
 * the server mid-run, and the checkout's .next, tsconfig.json and next-env.d.ts stay untouched.
 */
export const APP = path.join(os.tmpdir(), "fleetscope-bench", `app-${createHash("sha256").update(ROOT).digest("hex").slice(0, 8)}`);
const SKIP = new Set(["node_modules", ".git", ".next", "bench", "data", "test-results", "playwright-report", "e2e", "tsconfig.tsbuildinfo"]);

/** Newest modification time of the app's sources in the checkout, in ms. */
function newestSource() {
  let newest = 0;
  const walk = (p) => {
    const st = fs.statSync(p);
    if (st.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const entry of fs.readdirSync(ROOT)) if (!SKIP.has(entry)) walk(path.join(ROOT, entry));
  return newest;
}

/** Copies the sources and builds the copy unless its build is newer than every source (--build=always forces it). */
export function ensureBuild(always = false) {
  const id = path.join(APP, ".next/BUILD_ID");
  if (fs.existsSync(id) && fs.statSync(id).mtimeMs > newestSource() && !always) {
    console.log(`  app: ${APP} (built after the last source change)`);
    return;
  }
  console.log(`  app: copying the sources to ${APP} and building it (a minute or two)…`);
  fs.mkdirSync(APP, { recursive: true });
  for (const entry of fs.readdirSync(APP)) if (!SKIP.has(entry)) fs.rmSync(path.join(APP, entry), { recursive: true, force: true });
  for (const entry of fs.readdirSync(ROOT)) {
    if (!SKIP.has(entry)) fs.cpSync(path.join(ROOT, entry), path.join(APP, entry), { recursive: true, preserveTimestamps: true });
  }
  if (!fs.existsSync(path.join(APP, "node_modules"))) {
    // Hard links: seconds and no extra disk (Turbopack refuses a symlinked node_modules).
    const linked = spawnSync("cp", ["-al", path.join(ROOT, "node_modules"), path.join(APP, "node_modules")]);
    if (linked.status !== 0) fs.cpSync(path.join(ROOT, "node_modules"), path.join(APP, "node_modules"), { recursive: true });
  }
  const build = spawnSync(process.execPath, [path.join(APP, "node_modules/next/dist/bin/next"), "build"], {
    cwd: APP,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (build.status !== 0) throw new Error(`next build failed in ${APP}`);
}

/** The app copy's `next start`, with the Node flags npm start gives the server. */
export function startServer(dataDir, port) {
  return launchServer({
    args: [...SERVER_NODE_FLAGS, path.join(APP, "node_modules/next/dist/bin/next"), "start", "-H", "127.0.0.1", "-p", String(port)],
    cwd: APP,
    env: { NODE_ENV: "production", FLEETSCOPE_DATA_DIR: dataDir },
    port,
    attempts: 600,
  });
}

/**
 * Starts a server process (in its own process group, so stopServer stops its children too) and
 * waits until GET /api/health answers: `{ child, base, log() }`.
 */
export async function launchServer({ args, cwd, env, port, attempts = 3000 }) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", HOST: "127.0.0.1", PORT: String(port), DATABASE_URL: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < attempts; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited:\n${log}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base, log: () => log };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server did not start:\n${log}`);
}

export function stopServer(server) {
  return new Promise((resolve) => {
    if (server.child.exitCode !== null) return resolve();
    server.child.once("exit", () => resolve());
    try {
      process.kill(-server.child.pid, "SIGTERM"); // the group we created (detached)
    } catch {
      resolve();
    }
  });
}

/** GET (or POST `body` as JSON) an API path; the answer, or an error naming the status and the server's message. */
export async function api(base, pathname, body) {
  const res = await fetch(`${base}${pathname}`, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answer = await res.json();
  if (!res.ok) throw new Error(`${pathname}: HTTP ${res.status} ${answer.error}`);
  return answer;
}
