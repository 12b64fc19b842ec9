import type { Db } from "../db/client";
import { authEnabled } from "./auth-mode";
import { authenticate, SESSION_COOKIE } from "./authenticate";
import { encodePrincipal, PRINCIPAL_HEADER } from "./principal-header";
import { decide, type Principal } from "./roles";
import { accessFor } from "./route-access";
import { isLoopbackHost } from "./loopback";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** How this server is reached: its bind address, and whether a proxy in front sets X-Forwarded-*. */
export type GateServer = { bindHost: string; trustProxy?: boolean };

export type GateOutcome =
  | { kind: "deny"; response: Response }
  | { kind: "pass"; principal: Principal | null; requestHeaders: Headers };

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return decodeURIComponent(v.join("="));
  }
  return null;
}

function isApi(pathname: string) {
  return pathname === "/api" || pathname.startsWith("/api/");
}

function deny(pathname: string, status: number, error: string, request: Request): Response {
  if (isApi(pathname)) return Response.json({ error }, { status });
  if (status === 401) {
    const url = new URL(request.url);
    const next = encodeURIComponent(url.pathname + url.search);
    return Response.redirect(new URL(`/signin?next=${next}`, url), 303);
  }
  const html = `<!doctype html><meta charset="utf-8"><title>${status} · Fleetscope</title><body style="font-family:system-ui;margin:4rem auto;max-width:36rem"><h1>${status === 403 ? "Not allowed" : "Not found"}</h1><p>${error.replace(/[<>&]/g, "")}</p><p><a href="/">Back to Fleetscope</a></p></body>`;
  return new Response(html, { status, headers: { "content-type": "text/html; charset=utf-8" } });
}

/**
 * The one place that decides access for every page, route handler and server action:
 * undeclared routes are unreachable, cross-site writes are refused, and the caller must hold
 * the route's declared role. The caller travels on as a signed request header.
 */
export async function gate(request: Request, db: Db, server: GateServer): Promise<GateOutcome> {
  const url = new URL(request.url);
  const method = request.method.toUpperCase();
  const headers = new Headers(request.headers);
  headers.delete(PRINCIPAL_HEADER);

  const isAction = method === "POST" && headers.has("next-action");
  const declared = accessFor(method, url.pathname);
  if (!declared) return { kind: "deny", response: deny(url.pathname, 404, `no such route: ${method} ${url.pathname}`, request) };
  const access = isAction ? "operator" : declared.access;

  const result = await resolvePrincipal(request, headers, db, server);
  if ("response" in result) return { kind: "deny", response: result.response };
  const { principal, failure } = result;

  // A write must come from our own pages, or carry a real API token (no browser sends one cross-site).
  if (!SAFE_METHODS.has(method) && principal?.kind !== "token" && isCrossSite(headers, server.trustProxy ?? trustProxyFromEnv())) {
    return { kind: "deny", response: deny(url.pathname, 403, "cross-site request refused: changes must come from Fleetscope's own pages or carry a bearer token", request) };
  }

  const decision = decide(principal, access, failure);
  if (!decision.ok) return { kind: "deny", response: deny(url.pathname, decision.status, decision.error, request) };
  if (principal) headers.set(PRINCIPAL_HEADER, encodePrincipal(principal));
  return { kind: "pass", principal, requestHeaders: headers };
}

/**
 * With sign-in on, the session or token; without users, the local operator on loopback names only
 * (a bearer is still looked up, so that a real token passes the cross-site check).
 */
async function resolvePrincipal(
  request: Request,
  headers: Headers,
  db: Db,
  server: GateServer,
): Promise<{ principal: Principal | null; failure?: string } | { response: Response }> {
  const pathname = new URL(request.url).pathname;
  const authorization = headers.get("authorization");
  if (await authEnabled(db)) {
    return authenticate(db, { sessionSecret: cookieValue(headers.get("cookie"), SESSION_COOKIE), authorization });
  }
  // No users: loopback-only mode. The start-up check stops a server bound elsewhere; until it
  // does, answer nothing. Refuse other Host names so a DNS-rebinding page cannot reach us.
  if (!isLoopbackHost(server.bindHost)) {
    return { response: deny(pathname, 503, "authentication is not configured: set FLEETSCOPE_ADMIN_USER and FLEETSCOPE_ADMIN_PASSWORD", request) };
  }
  const hostname = (headers.get("host") ?? "").replace(/:\d+$/, "");
  if (!isLoopbackHost(hostname)) {
    return { response: deny(pathname, 403, `host ${hostname} refused: without authentication Fleetscope only answers on loopback names`, request) };
  }
  if (authorization) {
    const token = await authenticate(db, { authorization });
    if (token.principal?.kind === "token") return { principal: token.principal };
  }
  return { principal: { kind: "local", name: "local", role: "operator" } };
}

/**
 * The Origin (or Sec-Fetch-Site) says another site sent this. The host compared with is the Host
 * header; X-Forwarded-Host only counts behind a proxy we were told to trust (FLEETSCOPE_TRUST_PROXY),
 * since anyone can send it.
 */
function isCrossSite(headers: Headers, trustProxy: boolean): boolean {
  const origin = headers.get("origin");
  const host = (trustProxy ? headers.get("x-forwarded-host") : null) ?? headers.get("host");
  const originHost = origin && origin !== "null" ? safeHost(origin) : origin === "null" ? "null" : null;
  return (originHost !== null && originHost !== host) || headers.get("sec-fetch-site") === "cross-site";
}

export function trustProxyFromEnv(env: Record<string, string | undefined> = process.env): boolean {
  return env.FLEETSCOPE_TRUST_PROXY === "1" || env.FLEETSCOPE_TRUST_PROXY === "true";
}

function safeHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return "invalid";
  }
}
