import type { Db } from "../db/client";
import { HttpError } from "../http/errors";
import { recordActivity } from "./activity";
import { isRole, type Role } from "./roles";
import { assertMayTry, clearFailures, recordFailure, throttleKeys, TooManySignInsError, worthLogging } from "./sign-in-throttle";
import { DUMMY_PASSWORD_HASH, newSecret, sha256Hex, verifyPassword } from "./secrets";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export type SignInResult = { sessionSecret: string; expiresAt: Date; user: { username: string; role: Role } };

export { TooManySignInsError };

/**
 * Check a password, slowed down after failures per client address and username
 * (lib/auth/sign-in-throttle.ts). scrypt runs on libuv's thread pool, off the event loop.
 */
export async function signIn(db: Db, username: string, password: string, now = new Date(), clientAddress = "unknown"): Promise<SignInResult> {
  const keys = throttleKeys(clientAddress, username);
  await assertMayTry(db, [keys.address, keys.username, keys.pair], now);
  const user = await db.user.findUnique({ where: { username: username.trim() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !isRole(user.role)) {
    // An unknown name counts against the address only: random names leave no row per name.
    const counted = user ? [keys.address, keys.username, keys.pair] : [keys.address];
    const failures = await recordFailure(db, counted, now);
    const addressFailures = failures.get(keys.address) ?? 1;
    if (user || worthLogging(addressFailures)) {
      const name = user ? user.username : "(unknown user)";
      await recordActivity(db, name, "session.signin-failed", name, `from ${clientAddress}: ${addressFailures} failure(s) from this address`);
    }
    throw new HttpError(401, "wrong username or password");
  }
  await clearFailures(db, [keys.address, keys.username, keys.pair]);
  const sessionSecret = newSecret("fss_");
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({ data: { id: sha256Hex(sessionSecret), userId: user.id, expiresAt } });
  await recordActivity(db, user.username, "session.signin", user.username);
  return { sessionSecret, expiresAt, user: { username: user.username, role: user.role } };
}

export async function signOut(db: Db, sessionSecret: string): Promise<void> {
  const session = await db.session.findUnique({ where: { id: sha256Hex(sessionSecret) }, include: { user: true } });
  if (!session) return;
  await db.session.delete({ where: { id: session.id } });
  await recordActivity(db, session.user.username, "session.signout", session.user.username);
}
