import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { ADMIN } from "../playwright.config";
import { adminSession, bearerContext } from "./support/auth";

const shots = path.resolve("test-results/screens");
async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function signIn(page: Page, username: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText(username);
}

test.describe.configure({ mode: "serial" });

test("signed-out visitors are sent to sign-in, a wrong password is refused, the right one signs in", async ({ page }) => {
  await page.goto("/services/anything");
  await expect(page).toHaveURL(/\/signin\?next=%2Fservices%2Fanything/);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText("wrong username or password");
  await screenshot(page, "signin-error");
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/services\/anything$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText("admin (operator)");
  const cookie = (await page.context().cookies()).find((c) => c.name === "fleetscope_session");
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe("Lax");
});

test("an operator adds a viewer, who can browse but not upload or manage", async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/settings/users");
  const form = page.getByRole("form", { name: "Add user" });
  await form.getByLabel("Username").fill("vera");
  await form.getByLabel("Password (12+ characters)").fill("short");
  await form.getByRole("button", { name: "Add user" }).click();
  // the browser's own minLength check stops it; then a real one
  await form.getByLabel("Password (12+ characters)").fill("vera-viewer-password");
  await form.getByLabel("Role").selectOption("viewer");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(page.getByRole("status")).toHaveText("Added vera as viewer.");
  await expect(page.getByTestId("user-row-vera")).toContainText("viewer");
  await screenshot(page, "settings-users");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin/);
  await signIn(page, "vera", "vera-viewer-password");
  await expect(page.getByTestId("signed-in-as")).toHaveText("vera (viewer)");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Upload" })).toHaveCount(0);
  const res = await page.goto("/upload");
  expect(res?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "Not allowed" })).toBeVisible();
  const api = await page.request.post("/api/profiles?service=x", { data: Buffer.from("x") });
  expect(api.status()).toBe(403);
});

test("an API token is shown once, works as a bearer, records its last use, and stops at once when revoked", async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/settings/tokens");
  const form = page.getByRole("form", { name: "Create API token" });
  await form.getByLabel("Name").fill("ci-main");
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByTestId("new-token").inputValue();
  expect(secret).toMatch(/^fst_/);
  await screenshot(page, "settings-tokens-created");

  const ci = await bearerContext(secret);
  const upload = await ci.post("/api/profiles?service=from-ci", { data: fs.readFileSync("lib/pprof/testdata/roulette.default.pgo") });
  expect(upload.status()).toBe(201);

  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("token-row-ci-main");
  await expect(row.getByTestId("last-used")).not.toHaveText("never");
  expect(await page.content()).not.toContain(secret);
  const listed = await page.request.get("/api/tokens");
  expect(JSON.stringify(await listed.json())).not.toContain(secret);

  page.once("dialog", (d) => d.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");
  const after = await ci.get("/api/services");
  expect(after.status()).toBe(401);
});

test("wrong passwords for a name answer 401 with the reason, never a lock", async () => {
  // An unknown name (the throttle itself is covered by e2e/server-hardening.spec.ts and the unit tests)
  const ctx = await bearerContext(null);
  for (let i = 0; i < 3; i++) {
    const res = await ctx.post("/api/session", { data: { username: "mallory", password: `guess-${i}` } });
    expect(res.status()).toBe(401);
    expect((await res.json()).error).toBe("wrong username or password");
  }
});

test("the activity log shows who did what", async ({ page }) => {
  await signIn(page, ADMIN.username, ADMIN.password);
  await page.goto("/activity");
  for (const action of ["user.create", "token.create", "token.revoke", "profile.upload", "session.signin", "session.signin-failed"]) {
    await expect(page.getByTestId(`activity-${action}`).first()).toBeVisible();
  }
  await expect(page.getByTestId("activity-profile.upload").first()).toContainText("token:ci-main");
  expect(await page.content()).not.toContain(ADMIN.password);
  await screenshot(page, "activity");
});

test("cross-site writes are refused even with a valid session", async () => {
  const admin = await adminSession();
  const evil = await admin.post("/api/tokens", { data: { name: "evil", role: "operator" }, headers: { Origin: "http://evil.example" } });
  expect(evil.status()).toBe(403);
  expect((await evil.json()).error).toMatch(/cross-site/);
  const site = await admin.post("/api/tokens", { data: { name: "evil2", role: "operator" }, headers: { "Sec-Fetch-Site": "cross-site" } });
  expect(site.status()).toBe(403);
  const same = await admin.post("/api/tokens", { data: { name: "same-site", role: "viewer" }, headers: { Origin: new URL(test.info().project.use.baseURL!).origin } });
  expect(same.status()).toBe(201);
});

test("every response carries the security headers, pages a CSP with a fresh nonce", async ({ page }) => {
  const first = await page.goto("/signin");
  const h = first!.headers();
  expect(h["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(h["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(h["x-content-type-options"]).toBe("nosniff");
  expect(h["referrer-policy"]).toBe("no-referrer");
  const nonce = /nonce-([^']+)/.exec(h["content-security-policy"]!)![1];
  const second = (await (await page.request.get("/signin")).headersArray()).find((x) => x.name.toLowerCase() === "content-security-policy")!.value;
  expect(second).not.toContain(nonce!);
  // the page hydrates under the policy: the form is interactive (client-side error on empty submit)
  await page.getByLabel("Username").fill("x");
  await page.getByLabel("Password").fill("y");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toBeVisible();
  const asset = await page.evaluate(() => (document.querySelector("script[src]") as HTMLScriptElement).src);
  const assetRes = await page.request.get(asset);
  expect(assetRes.headers()["x-content-type-options"]).toBe("nosniff");
  const api = await page.request.get("/api/health");
  expect(api.headers()["x-content-type-options"]).toBe("nosniff");
});

test("the server refuses to listen beyond loopback without authentication", async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-noauth-"));
  const child = spawn(process.execPath, ["scripts/start.mjs"], {
    env: { ...process.env, HOST: "0.0.0.0", PORT: "3199", FLEETSCOPE_DATA_DIR: dataDir, FLEETSCOPE_ADMIN_USER: "", FLEETSCOPE_ADMIN_PASSWORD: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      resolve(-1);
    }, 60_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  expect(code).toBe(1);
  expect(output).toContain("Refusing to listen on 0.0.0.0 without authentication");
  expect(output).toContain("FLEETSCOPE_ADMIN_USER");
});
