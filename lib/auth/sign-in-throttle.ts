import type { Db } from "../db/client";
import { HttpError } from "../http/errors";

/**
 * Slowing down password guessing without locking anyone out. Each failed sign-in adds to three
 * counters: the pair of client address and username, the username, and the address. After a
 * counter's free failures the next attempt must wait, the wait doubling with each failure; an attempt
 * inside a wait is refused (429, with Retry-After) before any password is hashed or anything is
 * written, and once the wait has elapsed the right password works.
 * - the pair (one address guessing one name): 3 free, then up to MAX_DELAY_MS;
 * - the username (guessing from many addresses): 3 free, then at most USERNAME_MAX_DELAY_MS, so
 *   nobody can keep the operator out for longer than that;
 * - the address (one address trying many names, or a team behind one NAT): 10 free, then at most
 *   ADDRESS_MAX_DELAY_MS.
 * Counters forget after FORGET_AFTER_MS without failures. An unknown username counts against the
 * address only, so random names write no row per name.
 */
export const FREE_FAILURES = 3;
export const ADDRESS_FREE_FAILURES = 10;
export const FIRST_DELAY_MS = 1_000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
export const USERNAME_MAX_DELAY_MS = 30_000;
export const ADDRESS_MAX_DELAY_MS = 60_000;
export const FORGET_AFTER_MS = 15 * 60 * 1000;

export type ThrottleKeys = { address: string; username: string; pair: string };

export function throttleKeys(clientAddress: string, username: string): ThrottleKeys {
  const name = username.trim().toLowerCase().slice(0, 64);
  const address = clientAddress.slice(0, 64) || "unknown";
  return { address: `addr:${address}`, username: `user:${name}`, pair: `pair:${address}|${name}` };
}

export class TooManySignInsError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `too many failed sign-ins: wait ${Math.ceil(retryAfterSeconds)} s and try again`);
  }
}

/** The wait after `failures` failures for a counter with `free` free failures and waits capped at `cap`. */
export function delayAfter(failures: number, cap = MAX_DELAY_MS, free = FREE_FAILURES): number {
  if (failures < free) return 0;
  return Math.min(cap, FIRST_DELAY_MS * 2 ** (failures - free));
}

function waitFor(key: string, failures: number): number {
  if (key.startsWith("user:")) return delayAfter(failures, USERNAME_MAX_DELAY_MS);
  if (key.startsWith("addr:")) return delayAfter(failures, ADDRESS_MAX_DELAY_MS, ADDRESS_FREE_FAILURES);
  return delayAfter(failures);
}

/** Throws TooManySignInsError while any of the keys is inside its wait. */
export async function assertMayTry(db: Db, keys: string[], now: Date): Promise<void> {
  const rows = await db.signInThrottle.findMany({ where: { key: { in: keys } } });
  const waitMs = Math.max(0, ...rows.map((r) => (r.lockedUntil ? r.lockedUntil.getTime() - now.getTime() : 0)));
  if (waitMs > 0) throw new TooManySignInsError(waitMs / 1000);
}

/** Count one failure on each key; returns the address counter's failures (to bound what is logged). */
export async function recordFailure(db: Db, keys: string[], now: Date): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const key of keys) {
    const row = await db.signInThrottle.findUnique({ where: { key } });
    // windowStart holds the last failure; lockedUntil the time the next attempt may be made.
    const forgotten = !row || now.getTime() - row.windowStart.getTime() > FORGET_AFTER_MS;
    const failures = forgotten ? 1 : row.failures + 1;
    const wait = waitFor(key, failures);
    const lockedUntil = wait > 0 ? new Date(now.getTime() + wait) : null;
    await db.signInThrottle.upsert({
      where: { key },
      create: { key, failures, windowStart: now, lockedUntil },
      update: { failures, windowStart: now, lockedUntil },
    });
    counts.set(key, failures);
  }
  return counts;
}

export async function clearFailures(db: Db, keys: string[]): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key: { in: keys } } });
}

/** Failed sign-ins of unknown names are logged at the 1st, 2nd, 4th, 8th… failure of an address. */
export function worthLogging(failures: number): boolean {
  return (failures & (failures - 1)) === 0;
}
