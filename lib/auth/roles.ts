/** Who may call a route: anyone, anyone signed in, or operators only. */
export type Access = "public" | "viewer" | "operator";
export type Role = "viewer" | "operator";
export const ROLES: readonly Role[] = ["viewer", "operator"];

/** The caller of a request, once authenticated. */
export type Principal =
  | { kind: "user"; id: string; name: string; role: Role }
  | { kind: "token"; id: string; name: string; role: Role }
  /** No authentication configured: a loopback-only install, everyone is an operator. */
  | { kind: "local"; name: "local"; role: "operator" };

export function isRole(value: unknown): value is Role {
  return value === "viewer" || value === "operator";
}

/** How a principal is named in the activity log. */
export function actorName(p: Principal): string {
  return p.kind === "token" ? `token:${p.name}` : p.name;
}

export type AccessDecision = { ok: true } | { ok: false; status: 401 | 403; error: string };

/** The one rule: public is open, viewer needs any principal, operator needs the operator role. */
export function decide(principal: Principal | null, access: Access, failure?: string): AccessDecision {
  if (access === "public") return { ok: true };
  if (!principal) {
    return { ok: false, status: 401, error: failure ?? "authentication required: sign in, or send Authorization: Bearer <token>" };
  }
  if (access === "operator" && principal.role !== "operator") {
    return { ok: false, status: 403, error: `this needs the operator role; ${actorName(principal)} is a ${principal.role}` };
  }
  return { ok: true };
}
