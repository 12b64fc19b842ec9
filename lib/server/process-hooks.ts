import type { IncomingHttpHeaders } from "node:http";
import { gate } from "../auth/gate";
import { appConfig } from "../config/env";
import { db } from "../db/client";
import { unavailablePart } from "../http/unavailable";
import { auditStore } from "../audits-store/context";
import { profileBlobStore } from "../profiles/blob-store";
import { startSweeps } from "../sweep/schedule";

/**
 * What the HTTP server in front of Next (scripts/serve.mjs) asks the app, through globalThis
 * (it runs in the same process but outside the app's bundle):
 * - fleetscopeEarlyGate: would the access gate refuse this request? Asked for requests with a
 *   body before any of it is read, so an anonymous 60 MiB POST costs nothing;
 * - fleetscopeShutdown: on SIGTERM, once the requests in flight are done: mark the scans this
 *   process runs interrupted and stop the sweeps.
 */
type EarlyGateRequest = { method?: string; url: string; headers: IncomingHttpHeaders };
type Hooks = {
  fleetscopeEarlyGate?: (request: EarlyGateRequest) => Promise<Response | null>;
  fleetscopeShutdown?: () => Promise<void>;
};

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  return headers;
}

/** The gate's answer for a request without its body: a refusal, or null to go on (and on any doubt). */
export async function earlyGate(request: EarlyGateRequest): Promise<Response | null> {
  try {
    const outcome = await gate(new Request(request.url, { method: request.method, headers: toHeaders(request.headers) }), db(), { bindHost: appConfig().host, trustProxy: appConfig().trustProxy });
    return outcome.kind === "deny" ? outcome.response : null;
  } catch (err) {
    if (!unavailablePart(err)) console.error("[fleetscope] early gate:", err instanceof Error ? err.message : err);
    return null; // the proxy answers (503 when the database is down)
  }
}

export async function installProcessHooks(): Promise<void> {
  const config = appConfig();
  const hooks = globalThis as unknown as Hooks;
  hooks.fleetscopeEarlyGate = earlyGate;
  let stopSweeps = () => {};
  hooks.fleetscopeShutdown = async () => {
    stopSweeps();
    const interrupted = await auditStore().interruptRunning();
    if (interrupted > 0) console.log(`fleetscope: ${interrupted} running scan(s) marked interrupted`);
    await db().$disconnect().catch(() => undefined);
  };
  // The first sweep runs before the server says it is ready (scripts/serve.mjs warms the app up).
  stopSweeps = await startSweeps({ db: db(), blobs: profileBlobStore() }, config.databaseKind === "postgres");
}
