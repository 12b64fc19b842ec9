import { signInSchema } from "@/lib/api/schemas/access";
import { route } from "@/lib/http/route";
import { readBodyLimited } from "@/lib/http/body";
import { CLIENT_ADDRESS_HEADER } from "@/lib/http/client-address";
import { HttpError } from "@/lib/http/errors";
import { db } from "@/lib/db/client";
import { authEnabled } from "@/lib/auth/auth-mode";
import { signIn, signOut } from "@/lib/auth/sign-in";
import { clearedSessionCookie, sessionCookie, sessionSecretOf } from "@/lib/auth/session-cookie";

const SIGN_IN_MAX_BYTES = 16 * 1024;

function parseJson(raw: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return {};
  }
}

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
  // A sign-in is a few hundred bytes: never read more of an anonymous body than that.
  const raw = await readBodyLimited(request, SIGN_IN_MAX_BYTES, "sign-in request");
  const body = signInSchema.parse(parseJson(raw));
  const result = await signIn(db(), body.username, body.password, new Date(), request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown");
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
