import type { Access } from "./roles";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * The access level of every route, keyed by its folder path under app/ (`[id]` for dynamic parts).
 * A path or method missing here is unreachable: the proxy answers 404. A server action is a POST
 * to its page's path and needs the operator role.
 */
export const ROUTE_ACCESS: Record<string, Partial<Record<Method, Access>>> = {
  // pages
  "/": { GET: "viewer" },
  "/signin": { GET: "public" },
  "/upload": { GET: "operator" },
  "/services/[service]": { GET: "viewer" },
  "/profiles/[id]": { GET: "viewer" },
  "/compare": { GET: "viewer" },
  "/merge": { GET: "viewer" },
  "/merges": { GET: "viewer" },
  "/merges/[id]": { GET: "viewer" },
  "/merges/compare": { GET: "viewer" },
  "/activity": { GET: "viewer" },
  "/settings/users": { GET: "operator", POST: "operator" },
  "/settings/tokens": { GET: "operator", POST: "operator" },
  "/audits": { GET: "viewer", POST: "operator" },
  "/audits/[id]": { GET: "viewer", POST: "operator" },
  "/audits/compare": { GET: "viewer" },
  "/sources": { GET: "viewer" },
  "/sources/[id]": { GET: "viewer" },
  "/audits/accounts": { GET: "viewer" },
  "/audits/suppressions": { GET: "viewer" },
  "/audits/schedules": { GET: "viewer" },
  // API
  "/api/health": { GET: "public" },
  "/api/session": { GET: "public", POST: "public", DELETE: "public" },
  "/api/services": { GET: "viewer" },
  "/api/profiles": { GET: "viewer", POST: "operator" },
  "/api/profiles/[id]": { GET: "viewer", DELETE: "operator" },
  "/api/profiles/[id]/raw": { GET: "viewer" },
  "/api/profiles/[id]/top": { GET: "viewer" },
  "/api/profiles/[id]/flamegraph": { GET: "viewer" },
  "/api/profiles/[id]/peek": { GET: "viewer" },
  "/api/profiles/[id]/tags": { GET: "viewer" },
  "/api/profiles/[id]/graph": { GET: "viewer" },
  "/api/profiles/[id]/sandwich": { GET: "viewer" },
  "/api/profiles/compare": { GET: "viewer" },
  "/api/merges": { GET: "viewer", POST: "operator" },
  "/api/merges/preview": { GET: "viewer" },
  "/api/merges/preview/flamegraph": { GET: "viewer" },
  "/api/merges/compare": { GET: "viewer" },
  "/api/merges/[id]": { GET: "viewer" },
  "/api/merges/[id]/default.pgo": { GET: "viewer" },
  "/api/merges/[id]/preview": { GET: "viewer" },
  "/api/merges/[id]/flamegraph": { GET: "viewer" },
  "/api/pgo": { GET: "viewer" },
  "/api/pgo/check": { POST: "viewer" },
  "/api/pgo/committed": { GET: "viewer", POST: "operator", DELETE: "operator" },
  "/api/tokens": { GET: "operator", POST: "operator" },
  "/api/tokens/[id]": { DELETE: "operator" },
  "/api/activity": { GET: "viewer" },
  "/api/audits": { GET: "viewer", POST: "operator" },
  "/api/audits/[id]": { GET: "viewer", DELETE: "operator" },
  "/api/audits/[id]/stop": { POST: "operator" },
  "/api/audits/[id]/findings": { GET: "viewer" },
  "/api/audits/[id]/export.csv": { GET: "viewer" },
  "/api/audits/[id]/export.json": { GET: "viewer" },
  "/api/audits/compare": { GET: "viewer" },
  "/api/sources": { GET: "viewer", POST: "operator" },
  "/api/sources/[id]": { GET: "viewer", DELETE: "operator" },
  "/api/sources/[id]/collect": { POST: "operator" },
  "/api/runs/[id]": { GET: "viewer" },
  "/api/accounts": { GET: "viewer", POST: "operator" },
  "/api/accounts/import": { POST: "operator" },
  "/api/accounts/[accountId]": { DELETE: "operator" },
  "/api/suppressions": { GET: "viewer", POST: "operator" },
  "/api/suppressions/[id]": { DELETE: "operator" },
  "/api/audit-schedules": { GET: "viewer", POST: "operator" },
  "/api/audit-schedules/[id]": { DELETE: "operator" },
  "/api/alerts/webhook": { GET: "viewer", PUT: "operator", DELETE: "operator" },
  "/api/alerts/webhook/test": { POST: "operator" },
  // The seed's three questions (fresh=1 needs the operator role, checked by the route) and the API described.
  "/api/fleet/counts": { GET: "viewer" },
  "/api/fleet/untagged": { GET: "viewer" },
  "/api/fleet/open-ingress": { GET: "viewer" },
  "/api/openapi.json": { GET: "viewer" },
};

type Compiled = { pattern: string; regex: RegExp; methods: Partial<Record<Method, Access>>; dynamicParts: number };

const compiled: Compiled[] = Object.entries(ROUTE_ACCESS)
  .map(([pattern, methods]) => {
    const source = pattern === "/" ? "^/$" : `^${pattern.replace(/\[[^\]]+\]/g, "[^/]+").replace(/\./g, "\\.")}/?$`;
    return { pattern, regex: new RegExp(source), methods, dynamicParts: (pattern.match(/\[/g) ?? []).length };
  })
  // static segments win over dynamic ones, as in Next's router
  .sort((a, b) => a.dynamicParts - b.dynamicParts);

/** The declared access for a request, or null when the route or method is not declared. */
export function accessFor(method: string, pathname: string): { pattern: string; access: Access } | null {
  const m = (method === "HEAD" ? "GET" : method) as Method;
  for (const c of compiled) {
    if (c.regex.test(pathname)) {
      const access = c.methods[m];
      return access ? { pattern: c.pattern, access } : null;
    }
  }
  return null;
}
