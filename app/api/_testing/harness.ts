// Test harness for route handlers: a fresh data directory with the committed migrations applied,
// set before any lib/ module reads the configuration. Handlers are called with real Request objects.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { encodePrincipal, PRINCIPAL_HEADER } from "../../../lib/auth/principal-header";
import type { Principal } from "../../../lib/auth/roles";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../../scripts/migrate.mjs";

export const FIXTURES = path.resolve(__dirname, "../../../lib/pprof/testdata");

export function fixture(name: string): Uint8Array {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

/** Point the app at an empty data directory and migrate it. Call before importing route modules. */
export function freshDataDir(env: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-test-"));
  process.env.FLEETSCOPE_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  Object.assign(process.env, env);
  migrate(process.env);
  return dir;
}

export function params<P>(p: P): { params: Promise<P> } {
  return { params: Promise.resolve(p) };
}

/** The caller the proxy would hand over; handlers re-check it against the route's declared access. */
export const LOCAL_OPERATOR: Principal = { kind: "local", name: "local", role: "operator" };

export function req(url: string, init?: RequestInit, principal: Principal | null = LOCAL_OPERATOR): Request {
  const request = new Request(new URL(url, "http://127.0.0.1:3000"), init);
  if (principal) request.headers.set(PRINCIPAL_HEADER, encodePrincipal(principal));
  return request;
}

export async function json<T = Record<string, unknown>>(res: Response): Promise<T> {
  return (await res.json()) as T;
}
