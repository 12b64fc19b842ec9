import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Principal } from "./roles";

/** The proxy hands the authenticated caller to handlers and pages in this request header. */
export const PRINCIPAL_HEADER = "x-fleetscope-principal";

const holder = globalThis as unknown as { fleetscopePrincipalKey?: Buffer };

/** A per-process key: a header that was not signed by this process's proxy is ignored. */
function key(): Buffer {
  holder.fleetscopePrincipalKey ??= randomBytes(32);
  return holder.fleetscopePrincipalKey;
}

export function encodePrincipal(p: Principal): string {
  const body = Buffer.from(JSON.stringify(p)).toString("base64url");
  const mac = createHmac("sha256", key()).update(body).digest("base64url");
  return `${body}.${mac}`;
}

export function decodePrincipal(value: string | null | undefined): Principal | null {
  if (!value) return null;
  const [body, mac] = value.split(".");
  if (!body || !mac) return null;
  const expected = createHmac("sha256", key()).update(body).digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as Principal;
  } catch {
    return null;
  }
}
