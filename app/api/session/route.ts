import { signInSchema } from "@/lib/api/schemas/access";
import { route } from "@/lib/http/route";
import { HttpError } from "@/lib/http/errors";
import { db } from "@/lib/db/client";
import { authEnabled } from "@/lib/auth/auth-mode";
import { signIn, signOut } from "@/lib/auth/sign-in";
import { clearedSessionCookie, sessionCookie, sessionSecretOf } from "@/lib/auth/session-cookie";


/** Who is calling: `{ user: null }` when nobody is signed in; `authEnabled` tells if sign-in exists. */
export const GET = route(async (_request, _params, principal) => {
  const enabled = await authEnabled(db());
  const user = principal ? { username: principal.name, role: principal.role, kind: principal.kind } : null;
  return Response.json({ authEnabled: enabled, user });
});

export const POST = route(async (request) => {
  if (!(await authEnabled(db()))) {
    throw new HttpError(400, "authentication is not configured: set FLEETSCOPE_ADMIN_USER and FLEETSCOPE_ADMIN_PASSWORD and restart");
  }
  const body = signInSchema.parse(await request.json().catch(() => ({})));
  const result = await signIn(db(), body.username, body.password);
  return Response.json(
    { user: result.user },
    { status: 200, headers: { "Set-Cookie": sessionCookie(result.sessionSecret, result.expiresAt, request) } },
  );
});

export const DELETE = route(async (request) => {
  const secret = sessionSecretOf(request);
  if (secret) await signOut(db(), secret);
  return new Response(null, { status: 204, headers: { "Set-Cookie": clearedSessionCookie(request) } });
});
