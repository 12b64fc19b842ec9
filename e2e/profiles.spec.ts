import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

const FIXTURES = path.resolve("lib/pprof/testdata");
const fixturePath = (name: string) => path.join(FIXTURES, name);
const shots = path.resolve("test-results/screens");

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: "serial" });

test("with no profiles, the home page shows the empty state with the curl command", async ({ page, request }) => {
  // Other spec files share this server: remove whatever profiles they stored first.
  const { services } = await (await request.get("/api/services")).json();
  for (const { name } of services as { name: string }[]) {
    const { profiles } = await (await request.get(`/api/profiles?service=${name}`)).json();
    for (const { id } of profiles as { id: string }[]) expect((await request.delete(`/api/profiles/${id}`)).status()).toBe(204);
  }
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "No profiles yet" })).toBeVisible();
  await expect(page.getByText("curl -fsS --data-binary @cpu.pprof")).toBeVisible();
  await screenshot(page, "home-empty");
});

test("uploading through the page shows each file's result, then the service and its profiles", async ({ page }) => {
  await page.goto("/upload");
  await page.getByLabel("Service").fill("users-api");
  await page.getByLabel("version").fill("1.4.2");
  await page.getByLabel("environment").fill("prod");
  const notAProfile = path.resolve("test-results/notes.txt");
  fs.mkdirSync(path.dirname(notAProfile), { recursive: true });
  fs.writeFileSync(notAProfile, "hello, this is not a profile\n");
  await page.locator('input[type="file"]').setInputFiles([fixturePath("go19-cpu.pb.gz"), fixturePath("roulette.default.pgo"), notAProfile]);
  await expect(page.getByTestId("upload-item")).toHaveCount(3);
  await page.getByRole("button", { name: "Upload" }).click();

  const results = page.getByTestId("upload-result");
  await expect(results).toHaveCount(3);
  await expect(results.nth(0)).toHaveText("Stored");
  await expect(results.nth(1)).toHaveText("Stored");
  await expect(results.nth(2)).toContainText("Rejected: not a pprof profile");
  await screenshot(page, "upload-results");

  // the same bytes again: already stored
  await page.locator('input[type="file"]').setInputFiles([fixturePath("go19-cpu.pb.gz")]);
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-result")).toHaveText(["Already stored (same bytes)"]);

  await page.goto("/");
  const row = page.getByTestId("service-row-users-api");
  await expect(row).toContainText("2");
  await expect(row).toContainText("1 of 2");
  await screenshot(page, "home-services");

  await row.getByRole("link", { name: "users-api" }).click();
  await expect(page.getByRole("heading", { name: "users-api" })).toBeVisible();
  const rows = page.locator('[data-testid^="profile-row-"]');
  await expect(rows).toHaveCount(2);
  await expect(page.getByTestId("pgo-badge").filter({ hasText: "PGO usable" })).toHaveCount(1);
  await expect(page.getByTestId("pgo-badge").filter({ hasText: "start_line" })).toHaveCount(1);
  await expect(rows.first()).toContainText("version:1.4.2");
  await expect(rows.first()).toContainText("browser");
  await screenshot(page, "service-profiles");
});

test("a dropped file is uploaded like a chosen one", async ({ page }) => {
  await page.goto("/upload?service=dropped");
  await expect(page.getByLabel("Service")).toHaveValue("dropped");
  const bytes = fs.readFileSync(fixturePath("gdu.default.pgo")).toString("base64");
  const dataTransfer = await page.evaluateHandle((b64) => {
    const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bin], "gdu.default.pgo", { type: "application/octet-stream" }));
    return dt;
  }, bytes);
  await page.getByTestId("drop-zone").dispatchEvent("drop", { dataTransfer });
  await page.getByRole("button", { name: "Upload" }).click();
  await expect(page.getByTestId("upload-result")).toHaveText(["Stored"]);
  await page.getByRole("link", { name: "View dropped →" }).click();
  await expect(page.locator('[data-testid^="profile-row-"]')).toHaveCount(1);
});

test("profiles sort by a column, download byte for byte, and delete after confirmation", async ({ page }) => {
  await page.goto("/services/users-api");
  const rows = page.locator('[data-testid^="profile-row-"]');
  // numbers sort largest first on the first click, then smallest first
  await page.getByRole("button", { name: "Size" }).click();
  await expect(page.getByRole("columnheader", { name: "Size" })).toHaveAttribute("aria-sort", "descending");
  await expect(rows.first()).toContainText("PGO usable"); // roulette (25 KiB) is larger than the Go 1.19 profile
  await page.getByRole("button", { name: "Size" }).click();
  await expect(page.getByRole("columnheader", { name: "Size" })).toHaveAttribute("aria-sort", "ascending");
  await expect(rows.first()).toContainText("start_line");

  const roulette = rows.filter({ hasText: "PGO usable" });
  const downloadPromise = page.waitForEvent("download");
  await roulette.getByRole("link", { name: /Download/ }).click();
  const download = await downloadPromise;
  const saved = await download.path();
  expect(fs.readFileSync(saved).equals(fs.readFileSync(fixturePath("roulette.default.pgo")))).toBe(true);
  expect(download.suggestedFilename()).toMatch(/^users-api-.*\.pb\.gz$/);

  await roulette.getByRole("button", { name: /Delete/ }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this profile?" });
  await expect(dialog).toBeVisible();
  await screenshot(page, "delete-confirm");
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(rows).toHaveCount(2);

  await roulette.getByRole("button", { name: /Delete/ }).click();
  await dialog.getByRole("button", { name: "Delete profile" }).click();
  await expect(rows).toHaveCount(1);
  await expect(page.getByTestId("pgo-badge").filter({ hasText: "PGO usable" })).toHaveCount(0);
});

test("the API takes a curl-style upload, refuses bad input with JSON, and keeps serving", async ({ request }) => {
  const bytes = fs.readFileSync(fixturePath("go19-heap.pb.gz"));
  const created = await request.post("/api/profiles?service=batch&label=job:nightly", { data: bytes });
  expect(created.status()).toBe(201);
  const { profile } = await created.json();
  expect(profile).toMatchObject({ service: "batch", labels: { job: "nightly" }, source: "api", defaultSampleType: "inuse_space" });

  const bad = await request.post("/api/profiles?service=batch", { data: Buffer.from("not a profile") });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error).toMatch(/not a pprof profile/);
  const badName = await request.post("/api/profiles?service=../etc", { data: bytes });
  expect(badName.status()).toBe(400);

  const raw = await request.get(`/api/profiles/${profile.id}/raw`);
  expect(Buffer.from(await raw.body()).equals(bytes)).toBe(true);
  const list = await request.get("/api/services");
  expect((await list.json()).services.map((s: { name: string }) => s.name)).toContain("batch");
});

test("an unknown service page is a 404 page", async ({ page }) => {
  const res = await page.goto("/services/nobody-here");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
});

test("a profile of tens of megabytes passes the proxy intact, and one over the limit gets 413", async ({ request }) => {
  const { syntheticProfile } = await import("../testing/pprof/synthetic");
  const raw = Buffer.from(syntheticProfile({ seed: 7, samples: 300_000, stacks: 30_000, functions: 2_000, maxDepth: 32 }).encode());
  expect(raw.byteLength).toBeGreaterThan(12 * 1024 * 1024); // beyond Next's default 10 MB proxy body limit
  const stored = await request.post("/api/profiles?service=big-upload", { data: raw, timeout: 60_000 });
  expect(stored.status()).toBe(201);
  const { profile } = await stored.json();
  expect(profile.sizeBytes).toBe(raw.byteLength);
  expect(profile.sampleCount).toBe(300_000);
  const back = await request.get(`/api/profiles/${profile.id}/raw`);
  expect(Buffer.from(await back.body()).equals(raw)).toBe(true);

  const tooBig = await request.post("/api/profiles?service=big-upload", { data: Buffer.alloc(65 * 1024 * 1024 + 1), timeout: 60_000 });
  expect(tooBig.status()).toBe(413);
  expect((await tooBig.json()).error).toMatch(/64 MiB upload limit/);
});
