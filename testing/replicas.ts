// Test support: real Fleetscope server processes from the production build (scripts/serve.mjs, as
// `npm start` and the Docker image run it), alone or as replicas sharing one PostgreSQL database and
// one S3 bucket (s3rver). For tests that run after `npm run build` (e2e/) and for the benchmarks.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../scripts/migrate.mjs";
// @ts-expect-error: plain ESM script without types
import { SERVER_NODE_FLAGS } from "../scripts/server-node-flags.mjs";
import { startS3rver, type RunningS3rver } from "./s3rver";

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
export const ADMIN_PG_URL = process.env.FLEETSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

/** A port nothing listens on right now (the kernel's pick for port 0). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type ServerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  env: Record<string, string>;
  /** Everything the process printed so far. */
  logs(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
  /** Send a signal and wait for the exit (SIGKILL for a crash). */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
};

export type StartOptions = {
  env?: Record<string, string | undefined>;
  /** The folder holding .next (the repository, or a standalone output). */
  appDir?: string;
  /** The server entry, relative to appDir. */
  entry?: string;
  /** Arguments after the entry (e.g. --migrate). */
  args?: string[];
  /** Apply migrations first (the entry does not). Default true. */
  migrate?: boolean;
  port?: number;
  readyTimeoutMs?: number;
};

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fleetscope-${prefix}-`));
}

/** Start one server from the production build and wait until /api/health answers. */
export async function startServer(options: StartOptions = {}): Promise<ServerProcess> {
  const appDir = options.appDir ?? REPO_ROOT;
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", HOST: "127.0.0.1", PORT: String(port), ...options.env })) {
    if (v !== undefined) env[k] = v;
  }
  env.FLEETSCOPE_DATA_DIR ??= tempDir("data");
  if (options.migrate !== false) migrate({ ...env });
  const child: ChildProcess = spawn(process.execPath, [...SERVER_NODE_FLAGS, options.entry ?? "scripts/serve.mjs", ...(options.args ?? [])], { cwd: appDir, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const proc: ServerProcess = {
    url,
    port,
    child,
    env,
    logs: () => output,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  await waitForHealth(proc, options.readyTimeoutMs ?? 60_000);
  return proc;
}

async function waitForHealth(proc: ServerProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`the server exited before it was ready:\n${proc.logs()}`);
    try {
      const res = await fetch(`${proc.url}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  await proc.stop("SIGKILL");
  throw new Error(`the server did not become healthy within ${timeoutMs / 1000} s:\n${proc.logs()}`);
}

export type TestDatabase = { url: string; name: string; drop(): Promise<void> };

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_PG_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, empty PostgreSQL database with a unique name (pid and time), migrated; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `fleetscope_h4_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  await adminQuery(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_PG_URL);
  url.pathname = `/${name}`;
  migrate({ ...process.env, DATABASE_URL: url.toString() });
  return {
    url: url.toString(),
    name,
    drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

export type Replicas = {
  servers: ServerProcess[];
  database: TestDatabase;
  s3: RunningS3rver;
  bucket: string;
  /** The environment every replica shares (database, bucket, S3 endpoint). */
  sharedEnv: Record<string, string>;
  /** Start one more replica on the same database and bucket (e.g. after killing one). */
  add(env?: Record<string, string>): Promise<ServerProcess>;
  close(): Promise<void>;
};

/** `count` server processes on one PostgreSQL database and one S3 bucket, each with its own data directory. */
export async function startReplicas(count: number, env: Record<string, string> = {}): Promise<Replicas> {
  const bucket = "fleetscope-replicas";
  const [database, s3] = await Promise.all([createTestDatabase(), startS3rver(bucket)]);
  const sharedEnv = {
    DATABASE_URL: database.url,
    PROFILE_BUCKET: bucket,
    PROFILE_S3_FORCE_PATH_STYLE: "true",
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: "us-east-1",
    AWS_EC2_METADATA_DISABLED: "true",
    ...env,
    // s3rver takes only its own keys; the fake EC2 endpoint takes any.
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
  };
  const servers: ServerProcess[] = [];
  const add = async (extra: Record<string, string> = {}) => {
    const server = await startServer({ env: { ...sharedEnv, ...extra }, migrate: false });
    servers.push(server);
    return server;
  };
  try {
    await Promise.all(Array.from({ length: count }, () => add()));
  } catch (err) {
    await Promise.all(servers.map((s) => s.stop("SIGKILL")));
    await s3.stop();
    await database.drop();
    throw err;
  }
  return {
    servers,
    database,
    s3,
    bucket,
    sharedEnv,
    add,
    async close() {
      await Promise.all(servers.map((s) => s.stop("SIGKILL")));
      await s3.stop().catch(() => undefined);
      await database.drop();
    },
  };
}
