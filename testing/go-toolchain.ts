// The real Go toolchain as the reference for everything about PGO: `go tool preprofile` (the edge
// list the compiler reads) and `go build -pgo -gcflags=-d=pgodebug=1` (what the compiler prints
// about hot call sites). Test support only: the tests that use it fail, never skip, without Go.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const GOSERVICES_DIR = path.resolve(import.meta.dirname, "goservices");
const MIN_MINOR = 21;

let checked: Promise<string> | undefined;

/** The `go version` line of the `go` on the PATH; throws one line naming what to install when it is missing or too old. */
export function requireGo(): Promise<string> {
  checked ??= checkGo(process.env);
  return checked;
}

/** requireGo's check, for a given environment. */
export async function checkGo(env: Record<string, string | undefined>): Promise<string> {
  const hint = `these tests need Go 1.${MIN_MINOR} or newer as \`go\` on the PATH (install it at /usr/local/go and put /usr/local/go/bin first; Debian's golang-go is Go 1.19, too old for PGO)`;
  let version: string;
  try {
    version = (await run("go", ["version"], { env: env as NodeJS.ProcessEnv })).stdout.trim();
  } catch {
    throw new Error(`${hint}; no \`go\` was found`);
  }
  const minor = Number(/go1\.(\d+)/.exec(version)?.[1] ?? 0);
  if (minor < MIN_MINOR) throw new Error(`${hint}; found ${version}`);
  return version;
}

export interface CompilerEdge {
  caller: string;
  callee: string;
  offset: number;
  weight: number;
}

/** `go tool preprofile`: the compiler's weighted call edges, in the compiler's own order (heaviest first). */
export async function preprofile(profileFile: string): Promise<CompilerEdge[]> {
  await requireGo();
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-preprofile-")), "profile.txt");
  await run("go", ["tool", "preprofile", "-i", profileFile, "-o", out]);
  return parsePreprofile(fs.readFileSync(out, "utf8"));
}

/** The serialized form of cmd/internal/pgo: a header line, then caller, callee, "offset weight" per edge. */
export function parsePreprofile(text: string): CompilerEdge[] {
  const lines = text.split("\n");
  if (lines[0] !== "GO PREPROFILE V1") throw new Error(`not a preprocessed profile: ${lines[0]}`);
  const edges: CompilerEdge[] = [];
  for (let i = 1; i + 2 < lines.length + 1 && lines[i] !== ""; i += 3) {
    const [offset, weight] = lines[i + 2].split(" ").map(Number);
    edges.push({ caller: lines[i], callee: lines[i + 1], offset, weight });
  }
  return edges;
}

/**
 * The compiler's hot call sites: cmd/compile/internal/inline hotNodesFromCDF applied to the
 * compiler's own ordered edge list (edges until the cumulative weight passes cdfPercent, the
 * crossing one included). Returns the edges and the threshold it prints.
 */
export function compilerHotEdges(edges: CompilerEdge[], cdfPercent = 99): { edges: CompilerEdge[]; thresholdPercent: number } {
  const total = edges.reduce((sum, e) => sum + e.weight, 0);
  let cum = 0;
  for (let i = 0; i < edges.length; i++) {
    cum += edges[i].weight;
    if ((cum / total) * 100 > cdfPercent) return { edges: edges.slice(0, i + 1), thresholdPercent: (edges[i].weight / total) * 100 };
  }
  return { edges, thresholdPercent: 0 };
}

export interface PgoBuild {
  ok: boolean;
  /** What go build printed (the compiler's -d=pgodebug lines, or its error). */
  output: string;
  /** hot-callsite-thres-from-CDF, per compiled package (the same number each time). */
  thresholds: number[];
  /** hot-node enabled increased budget=2000 for func=NAME */
  hotCallees: string[];
  /** hot-budget check allows inlining for call CALLEE ... in function CALLER */
  hotInlines: { caller: string; callee: string }[];
}

const TINY_MAIN = "package main\n\nfunc main() {}\n";

/** A module with an empty main: the cheapest real `go build -pgo` (the runtime is rebuilt with the profile). */
function tinyModule(): string {
  const dir = path.join(os.tmpdir(), "fleetscope-pgo-tiny");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "go.mod"), "module tiny\n\ngo 1.21\n");
  fs.writeFileSync(path.join(dir, "main.go"), TINY_MAIN);
  return dir;
}

/**
 * `go build -pgo=FILE -gcflags=./...=-d=pgodebug=1` of the module in `moduleDir` (default: an
 * empty main): the compiler's PGO lines for every package of the module. The Go build cache makes
 * a second build of the same profile take a moment.
 */
export async function buildWithProfile(profileFile: string, moduleDir = tinyModule()): Promise<PgoBuild> {
  await requireGo();
  const outBin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-pgo-bin-")), "bin");
  try {
    const { stdout, stderr } = await run("go", ["build", "-o", outBin, `-pgo=${path.resolve(profileFile)}`, "-gcflags=./...=-d=pgodebug=1", "."], {
      cwd: moduleDir,
      env: { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
      maxBuffer: 64 * 2 ** 20,
    });
    return parseBuild(true, stdout + stderr);
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    return parseBuild(false, (e.stdout ?? "") + (e.stderr ?? e.message));
  } finally {
    fs.rmSync(path.dirname(outBin), { recursive: true, force: true });
  }
}

function parseBuild(ok: boolean, output: string): PgoBuild {
  const thresholds = [...output.matchAll(/^hot-callsite-thres-from-CDF=(\S+)/gm)].map((m) => Number(m[1]));
  const hotCallees = [...output.matchAll(/^hot-node enabled increased budget=\d+ for func=(.+)$/gm)].map((m) => m[1]);
  const hotInlines = [...output.matchAll(/^hot-budget check allows inlining for call (\S+) \(cost \d+\) at \S+ in function (.+)$/gm)].map((m) => ({
    callee: m[1],
    caller: m[2],
  }));
  return { ok, output, thresholds, hotCallees, hotInlines };
}

let goservicesBinary: Promise<string> | undefined;

/** testing/goservices built once per test process. */
export function buildGoServices(): Promise<string> {
  goservicesBinary ??= (async () => {
    await requireGo();
    const bin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-goservices-")), "goservices");
    await run("go", ["build", "-o", bin, "."], { cwd: GOSERVICES_DIR, env: { ...process.env, GOTOOLCHAIN: "local" } });
    return bin;
  })();
  return goservicesBinary;
}

/** A fresh CPU profile of one service of testing/goservices, written by the Go runtime in batch mode. */
export async function goServiceProfile(service: "users" | "search" | "reports", seconds = 1): Promise<Uint8Array> {
  const bin = await buildGoServices();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-cpu-")), `${service}.pprof`);
  await run(bin, [`-service=${service}`, `-cpuprofile=${file}`, `-seconds=${seconds}`]);
  const bytes = new Uint8Array(fs.readFileSync(file));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  return bytes;
}
