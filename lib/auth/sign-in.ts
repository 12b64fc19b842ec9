import type { Db } from "../db/client";
import { HttpError } from "../http/errors";
import { recordActivity } from "./activity";
import { isRole, type Role } from "./roles";
import { DUMMY_PASSWORD_HASH, newSecret, sha256Hex, verifyPassword } from "./secrets";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MAX_FAILURES = 5;
export const FAILURE_WINDOW_MS = 15 * 60 * 1000;
export const LOCKOUT_MS = 15 * 60 * 1000;

export type SignInResult = { sessionSecret: string; expiresAt: Date; user: { username: string; role: Role } };

export class TooManySignInsError extends HttpError {
  constructor(readonly retryAfterSeconds: number) {
    super(429, `too many failed sign-ins: try again in ${Math.ceil(retryAfterSeconds / 60)} minute(s)`);
  }
}

/** Check a password; after MAX_FAILURES failures in FAILURE_WINDOW_MS the username is locked for LOCKOUT_MS. */
export async function signIn(db: Db, username: string, password: string, now = new Date()): Promise<SignInResult> {
  const key = username.trim().toLowerCase().slice(0, 64);
  const throttle = await db.signInThrottle.findUnique({ where: { key } });
  if (throttle?.lockedUntil && throttle.lockedUntil > now) {
    throw new TooManySignInsError((throttle.lockedUntil.getTime() - now.getTime()) / 1000);
  }
  const user = await db.user.findUnique({ where: { username: username.trim() } });
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !ok || !isRole(user.role)) {
    const fresh = !throttle || now.getTime() - throttle.windowStart.getTime() > FAILURE_WINDOW_MS;
    const failures = fresh ? 1 : throttle.failures + 1;
    const lockedUntil = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCKOUT_MS) : null;
    await db.signInThrottle.upsert({
      where: { key },
      create: { key, failures, windowStart: now, lockedUntil },
      update: { failures, windowStart: fresh ? now : throttle!.windowStart, lockedUntil },
    });
    await recordActivity(db, key || "(empty)", "session.signin-failed", key, lockedUntil ? "locked for 15 minutes" : `${failures} failure(s)`);
    if (lockedUntil) throw new TooManySignInsError(LOCKOUT_MS / 1000);
    throw new HttpError(401, "wrong username or password");
  }
  if (throttle) await db.signInThrottle.delete({ where: { key } });
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
