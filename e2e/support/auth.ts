import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";
import { ADMIN, AUTH_PORT } from "../../playwright.config";

export const AUTH_BASE = `http://127.0.0.1:${AUTH_PORT}`;

/** An API context signed in as the bootstrapped operator (session cookie). */
export async function adminSession(): Promise<APIRequestContext> {
  const ctx = await playwrightRequest.newContext({ baseURL: AUTH_BASE });
  const res = await ctx.post("/api/session", { data: ADMIN });
  if (res.status() !== 200) throw new Error(`admin sign-in failed: ${res.status()} ${await res.text()}`);
  return ctx;
}

export async function createToken(admin: APIRequestContext, name: string, role: "viewer" | "operator", expiresAt?: string) {
  const res = await admin.post("/api/tokens", { data: { name, role, expiresAt } });
  if (res.status() !== 201) throw new Error(`token creation failed: ${res.status()} ${await res.text()}`);
  return (await res.json()) as { id: string; token: string };
}

export async function bearerContext(token: string | null): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: AUTH_BASE,
    extraHTTPHeaders: token ? { Authorization: `Bearer ${token}` } : {},
    maxRedirects: 0,
  });
}
