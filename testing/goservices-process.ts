// Test support: testing/goservices (built by go-toolchain.ts's buildGoServices) started in serve
// mode, net/http/pprof on a loopback admin address (127.0.0.1, 127.0.0.2, ...: fake ECS tasks).
import { spawn, type ChildProcess } from "node:child_process";

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
