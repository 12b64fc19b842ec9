import { ZodError } from "zod";
import { isClientError } from "./errors";

/** Who may call a route. Every route declares one; issue 3 enforces them. */
export type Access = "public" | "viewer" | "operator";

export type RouteContext<P> = { params: Promise<P> };

type Handler<P> = (request: Request, params: P) => Promise<Response>;

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
  if (isClientError(err)) return jsonError(err.status, err.message);
  console.error("[fleetscope] unexpected error:", err instanceof Error ? err.stack : err);
  return jsonError(500, "internal error: the server logged the details");
}

/** Wrap a route handler: declared access, awaited params, errors mapped. */
export function route<P = Record<string, never>>(access: Access, handler: Handler<P>) {
  const wrapped = async (request: Request, context: RouteContext<P>): Promise<Response> => {
    try {
      const params = context?.params ? await context.params : ({} as P);
      return await handler(request, params);
    } catch (err) {
      return errorResponse(err);
    }
  };
  return Object.assign(wrapped, { access });
}
