/**
 * Leases: a row per piece of work that several replicas could start. The replica whose write
 * lands owns it until `expiresAt`; an expired lease can be taken over. Works the same on SQLite
 * and PostgreSQL (a conditional update, then an insert that the primary key makes exclusive).
 */
import type { Db } from "../db/client";

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/** Takes `name` for `holder` until now + ttlMs. True when this holder has it (new, expired or already its own). */
export async function acquireLease(db: Db, name: string, holder: string, ttlMs: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const taken = await db.lease.updateMany({
    where: { name, OR: [{ expiresAt: { lt: now } }, { holder }] },
    data: { holder, expiresAt, acquiredAt: now },
  });
  if (taken.count > 0) return true;
  return claimOnce(db, name, holder, expiresAt, now);
}

/** Claims `name` once and for good: true for the one holder whose claim landed first, false for every later claim (its own included). */
export async function claimOnce(db: Db, name: string, holder: string, keepUntil: Date, now = new Date()): Promise<boolean> {
  try {
    await db.lease.create({ data: { name, holder, expiresAt: keepUntil, acquiredAt: now } });
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Gives the lease back early, if this holder still has it. */
export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.lease.deleteMany({ where: { name, holder } });
}

/** Forgets leases that expired before `before` (they only record who ran a past slot). */
export async function deleteExpiredLeases(db: Db, before: Date): Promise<number> {
  const { count } = await db.lease.deleteMany({ where: { expiresAt: { lt: before } } });
  return count;
}
