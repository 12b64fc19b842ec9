import { NextResponse, type NextRequest } from "next/server";
import { db } from "@/lib/db/client";
import { gate } from "@/lib/auth/gate";
import { contentSecurityPolicy } from "@/lib/auth/security-headers";
import { appConfig } from "@/lib/config/env";

/** Every request except static build assets passes the access gate and gets a CSP nonce. */
export async function proxy(request: NextRequest) {
  const outcome = await gate(request, db(), { bindHost: appConfig().host });
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

export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg).*)"],
};
