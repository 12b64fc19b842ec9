import type { Db } from "../db/client";
import { isRole, type Principal } from "./roles";
import { sha256Hex } from "./secrets";

export const SESSION_COOKIE = "fleetscope_session";
export const TOKEN_PREFIX = "fst_";

/** Write last-used times at most this often, so reads do not turn into writes. */
const TOUCH_EVERY_MS = 60_000;

export type Credentials = { sessionSecret?: string | null; authorization?: string | null };
export type AuthResult = { principal: Principal | null; failure?: string };

/** Resolve a request's credentials: a bearer token wins over the session cookie. */
export async function authenticate(db: Db, creds: Credentials, now = new Date()): Promise<AuthResult> {
  const auth = creds.authorization?.trim();
  if (auth) {
    const match = /^Bearer\s+(\S+)$/i.exec(auth);
    if (!match) return { principal: null, failure: "malformed Authorization header: use Authorization: Bearer <token>" };
    const token = await db.apiToken.findUnique({ where: { tokenHash: sha256Hex(match[1]!) } });
    if (!token || token.revokedAt) return { principal: null, failure: "invalid or revoked API token" };
    if (token.expiresAt && token.expiresAt <= now) {
      return { principal: null, failure: `API token "${token.name}" expired at ${token.expiresAt.toISOString()}` };
    }
    if (!isRole(token.role)) return { principal: null, failure: "API token has an unknown role" };
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
    }
    return { principal: { kind: "token", id: token.id, name: token.name, role: token.role } };
  }
  if (creds.sessionSecret) {
    const session = await db.session.findUnique({ where: { id: sha256Hex(creds.sessionSecret) }, include: { user: true } });
    if (!session || session.expiresAt <= now) return { principal: null, failure: "your session has ended: sign in again" };
    if (!isRole(session.user.role)) return { principal: null, failure: "unknown role" };
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
      await db.session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
    }
    return { principal: { kind: "user", id: session.user.id, name: session.user.username, role: session.user.role } };
  }
  return { principal: null };
}
