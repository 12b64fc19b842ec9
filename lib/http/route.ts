import { ZodError } from "zod";
import { isClientError } from "./errors";
import { unavailablePart } from "./unavailable";
import { decodePrincipal, PRINCIPAL_HEADER } from "../auth/principal-header";
import { decide, type Principal } from "../auth/roles";
import { accessFor } from "../auth/route-access";

export type RouteContext<P> = { params: Promise<P> };

type Handler<P> = (request: Request, params: P, principal: Principal | null) => Promise<Response>;

export function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

/** Map any thrown error to the API's `{ error }` shape: 4xx for bad input, 500 without internals. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ZodError) {
    const first = err.issues[0];
    const where = first?.path.length ? `${first.path.join(".")}: ` : "";
    return jsonError(400, `${where}${first?.message ?? "invalid request"}`);
  }
  if (isClientError(err)) {
    const res = jsonError(err.status, err.message);
    const retry = (err as { retryAfterSeconds?: number }).retryAfterSeconds;
    if (retry) res.headers.set("Retry-After", String(Math.ceil(retry)));
    return res;
  }
  const down = unavailablePart(err);
  if (down) {
    console.error(`[fleetscope] the ${down.part} is unreachable: ${down.detail}`);
    const res = jsonError(503, `the ${down.part === "database" ? "database" : "profile store"} is unreachable (${down.detail}): try again shortly`);
    res.headers.set("Retry-After", "5");
    return res;
  }
  console.error("[fleetscope] unexpected error:", err instanceof Error ? err.stack : err);
  return jsonError(500, "internal error: the server logged the details");
}

/**
 * Wrap a route handler: the caller comes from the proxy's signed header and is checked again
 * against the route's declared access (lib/auth/route-access.ts); params awaited; errors mapped.
 */
export function route<P = Record<string, never>>(handler: Handler<P>) {
  return async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const declared = accessFor(request.method, new URL(request.url).pathname);
      if (!declared) return jsonError(404, "no such route");
      const principal = decodePrincipal(request.headers.get(PRINCIPAL_HEADER));
      const decision = decide(principal, declared.access);
      if (!decision.ok) return jsonError(decision.status, decision.error);
      const params = context?.params ? await context.params : ({} as P);
      return await handler(request, params, principal);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
