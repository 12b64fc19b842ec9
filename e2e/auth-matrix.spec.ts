// Walks every route in app/ and checks who may call it, against the real server with sign-in on.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { ROUTE_ACCESS, type Method } from "../lib/auth/route-access";
import { adminSession, bearerContext, createToken } from "./support/auth";

type Route = { pattern: string; method: Method; kind: "page" | "api" };

/** Every page.tsx and every exported method of every route.ts under app/, as URL patterns. */
function routesInApp(): Route[] {
  const root = path.resolve("app");
  const found: Route[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name));
    const dir = path.dirname(rel);
    if (dir.split(path.sep).some((seg) => seg.startsWith("_") || seg.startsWith("("))) continue;
    const pattern = dir === "." ? "/" : `/${dir.split(path.sep).join("/")}`;
    if (entry.name === "page.tsx") found.push({ pattern, method: "GET", kind: "page" });
    if (entry.name === "route.ts") {
      const source = fs.readFileSync(path.join(root, rel), "utf8");
      for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push({ pattern, method: m[1] as Method, kind: "api" });
    }
  }
  return found;
}

const routes = routesInApp();
const concrete = (pattern: string) => pattern.replace(/\[[^\]]+\]/g, "does-not-exist");

let ctx: Record<"anonymous" | "viewer" | "operator" | "badToken" | "expiredToken", APIRequestContext>;

test.beforeAll(async () => {
  const admin = await adminSession();
  const viewer = await createToken(admin, "matrix-viewer", "viewer");
  const operator = await createToken(admin, "matrix-operator", "operator");
  const expiring = await createToken(admin, "matrix-expiring", "operator", new Date(Date.now() + 1500).toISOString());
  ctx = {
    anonymous: await bearerContext(null),
    viewer: await bearerContext(viewer.token),
    operator: await bearerContext(operator.token),
    badToken: await bearerContext("fst_this-is-not-a-real-token"),
    expiredToken: await bearerContext(expiring.token),
  };
  await new Promise((r) => setTimeout(r, 1800));
});

test("every route in app/ declares its access, and every declaration names a route", () => {
  expect(routes.length).toBeGreaterThan(10);
  const undeclared = routes.filter((r) => !ROUTE_ACCESS[r.pattern]?.[r.method]).map((r) => `${r.method} ${r.pattern}`);
  expect(undeclared, "routes without a declared access level").toEqual([]);
  const stale = Object.entries(ROUTE_ACCESS).flatMap(([pattern, methods]) =>
    Object.keys(methods)
      .filter((m) => !routes.some((r) => r.pattern === pattern && (r.method === m || (r.kind === "page" && m === "POST"))))
      .map((m) => `${m} ${pattern}`),
  );
  expect(stale, "declared routes with no file").toEqual([]);
});

test("the access matrix holds for every route: anonymous, viewer, operator, bad token, expired token", async () => {
  const failures: string[] = [];
  for (const r of routes) {
    const access = ROUTE_ACCESS[r.pattern]![r.method]!;
    const url = concrete(r.pattern);
    for (const [who, c] of Object.entries(ctx)) {
      const res = await c.fetch(url, { method: r.method, data: r.method === "GET" ? undefined : {}, maxRedirects: 0 });
      const status = res.status();
      const denied401 = r.kind === "page" ? status === 303 && (res.headers()["location"] ?? "").includes("/signin") : status === 401;
      let ok: boolean;
      if (access === "public") ok = status !== 401 && status !== 403;
      else if (who === "anonymous" || who === "badToken" || who === "expiredToken") ok = denied401;
      else if (who === "viewer") ok = access === "viewer" ? status !== 401 && status !== 403 : status === 403;
      else ok = status !== 401 && status !== 403;
      if (!ok) failures.push(`${who} ${r.method} ${url} (${access}) → ${status}`);
    }
  }
  expect(failures).toEqual([]);
});

test("an undeclared route is unreachable even for operators", async () => {
  for (const url of ["/api/not-a-route", "/secret-page"]) {
    expect((await ctx.operator.get(url)).status()).toBe(404);
  }
  expect((await ctx.operator.fetch("/api/services", { method: "DELETE" })).status()).toBe(404);
});

test("an expired token is told it expired, a bad one that it is invalid", async () => {
  const expired = await ctx.expiredToken.get("/api/services");
  expect(expired.status()).toBe(401);
  expect((await expired.json()).error).toMatch(/expired/);
  const bad = await ctx.badToken.get("/api/services");
  expect((await bad.json()).error).toMatch(/invalid or revoked/);
});

test("a viewer's server action is refused before it runs", async () => {
  const res = await ctx.viewer.post("/settings/users", { headers: { "next-action": "0123456789abcdef" }, data: "x" });
  expect(res.status()).toBe(403);
});
