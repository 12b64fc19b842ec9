import type { Db } from "../db/client";

const holder = globalThis as unknown as { fleetscopeAuthMode?: { enabled: boolean; at: number } };
const TTL_MS = 5_000;

/**
 * Authentication is on as soon as one user exists. With none, the dashboard is a loopback-only
 * tool and every caller is the local operator (the start-up check refuses other addresses).
 */
export async function authEnabled(db: Db): Promise<boolean> {
  const cached = holder.fleetscopeAuthMode;
  if (cached?.enabled || (cached && Date.now() - cached.at < TTL_MS)) return cached.enabled;
  const enabled = (await db.user.count()) > 0;
  holder.fleetscopeAuthMode = { enabled, at: Date.now() };
  return enabled;
}

export function forgetAuthMode(): void {
  holder.fleetscopeAuthMode = undefined;
}
