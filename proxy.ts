import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { gate, type GateOutcome } from "@/lib/auth/gate";
import { PRINCIPAL_HEADER } from "@/lib/auth/principal-header";
import { accessFor } from "@/lib/auth/route-access";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";
import { appConfig } from "@/lib/config/env";
import { unavailablePart } from "@/lib/http/unavailable";

/** Every request except static build assets passes the access gate and gets a CSP nonce. */
export async function proxy(request: NextRequest) {
  const outcome = await gateOrUnavailable(request);
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV !== "production");
  if (outcome.kind === "deny") {
    const res = outcome.response;
    const headers = new Headers(res.headers);
    headers.set("Content-Security-Policy", csp);
    return new NextResponse(res.body, { status: res.status, headers });
  }
  outcome.requestHeaders.set("x-nonce", nonce);
  outcome.requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: outcome.requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

/**
 * The gate needs the database (who is signed in). While it is unreachable every route answers 503
 * saying so, except public ones (the health check), which go on without a caller.
 */
async function gateOrUnavailable(request: NextRequest): Promise<GateOutcome> {
  try {
    return await gate(request, db(), { bindHost: appConfig().host, trustProxy: appConfig().trustProxy });
  } catch (err) {
    const down = unavailablePart(err);
    const pathname = request.nextUrl.pathname;
    if (down && accessFor(request.method, pathname)?.access === "public") {
      const headers = new Headers(request.headers);
      headers.delete(PRINCIPAL_HEADER);
      return { kind: "pass", principal: null, requestHeaders: headers };
    }
    const message = down
      ? `the ${down.part === "database" ? "database" : "profile store"} is unreachable (${down.detail}): try again shortly`
      : "internal error: the server logged the details";
    console.error(`[fleetscope] access gate: ${down ? message : err instanceof Error ? err.stack : err}`);
    const status = down ? 503 : 500;
    const response = pathname.startsWith("/api/")
      ? Response.json({ error: message }, { status, headers: { "Retry-After": "5" } })
      : new Response(
          `<!doctype html><meta charset="utf-8"><title>${status} · Fleetscope</title><body style="font-family:system-ui;margin:4rem auto;max-width:36rem"><h1>Fleetscope is unavailable</h1><p>${message}</p></body>`,
          { status, headers: { "content-type": "text/html; charset=utf-8", "Retry-After": "5" } },
        );
    return { kind: "deny", response };
  }
}

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
