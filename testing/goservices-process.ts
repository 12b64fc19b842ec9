// Test support: builds testing/goservices with the Go on the PATH and starts it in serve mode,
// net/http/pprof on a loopback admin address (127.0.0.1, 127.0.0.2, ...: fake ECS tasks).
import { execFile, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const SOURCE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "goservices");

/** Builds the binary into a fresh temporary directory; returns its path. */
export async function buildGoservices(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-goservices-"));
  const bin = path.join(dir, "goservices");
  await promisify(execFile)("go", ["build", "-o", bin, "."], { cwd: SOURCE_DIR, env: process.env, timeout: 300_000 });
  return bin;
}

export interface RunningGoservice {
  /** The admin base URL, e.g. http://127.0.0.2:41234 */
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `bin -service=S -serve -admin=HOST:PORT` and waits for its "admin listening on" line. */
export function startGoservice(bin: string, { service = "users", host = "127.0.0.1", port = 0 } = {}): Promise<RunningGoservice> {
  const child = spawn(bin, [`-service=${service}`, "-serve", `-admin=${host}:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`goservices did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/admin listening on (http:\/\/[^\s]+)/);
      if (match) {
        clearTimeout(timer);
        const url = match[1]!;
        resolve({ url, port: Number(new URL(url).port), process: child, stop });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`goservices exited with ${code}: ${output}`));
    });
  });
}

/** A batch run that profiles itself: `bin -service=S -cpuprofile=... -seconds=N`; returns the profile's bytes. */
export async function batchProfile(bin: string, service: string, seconds = 1): Promise<Uint8Array> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-batch-"));
  const file = path.join(dir, "cpu.pprof");
  await promisify(execFile)(bin, [`-service=${service}`, `-cpuprofile=${file}`, `-seconds=${seconds}`], { timeout: 60_000 });
  const bytes = new Uint8Array(fs.readFileSync(file));
  fs.rmSync(dir, { recursive: true, force: true });
  return bytes;
}
