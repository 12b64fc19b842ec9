// The PGO workflow: pick profiles of three services, read the merge preview, store default.pgo,
// download it, then find it in the history and compare two merges.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { decodeProfile } from "../testing/pprof/decoded-profile";
import { pgoEdgeMap } from "../lib/pprof/pgo-edges";

const TESTDATA = path.resolve("lib/pprof/testdata");
const shots = path.resolve("test-results/screens");
/** Three services; names of their own so other specs' services do not matter. */
const SERVICES = { users: "pgo-users", search: "pgo-search", reports: "pgo-reports" } as const;

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shots, `${name}-top.png`) });
}

async function upload(request: APIRequestContext, file: string, service: string): Promise<string> {
  const res = await request.post(`/api/profiles?service=${service}`, { data: fs.readFileSync(path.join(TESTDATA, file)) });
  expect([200, 201]).toContain(res.status());
  return (await res.json()).profile.id;
}

/** Waits until the root frame spans the whole graph (frames animate in). */
async function waitForDrawn(graph: Locator) {
  await expect(graph.locator("svg")).toBeVisible();
  const rootWidth = async () => Number((await graph.locator('g.frame[name="root"] rect').first().getAttribute("width")) ?? 0);
  await expect.poll(rootWidth).toBeGreaterThan(300);
  await expect.poll(async () => (await rootWidth()) === Number(await graph.locator("svg").getAttribute("width"))).toBe(true);
}

/** The preview settled: shown and not recomputing. */
async function settled(page: Page): Promise<Locator> {
  const preview = page.getByTestId("merge-preview");
  await expect(preview).toBeVisible({ timeout: 20_000 });
  await expect(preview).toHaveAttribute("aria-busy", "false", { timeout: 20_000 });
  return preview;
}

const ids: Record<keyof typeof SERVICES, string> = { users: "", search: "", reports: "" };

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  // Real Go 1.20+ profiles (with Function.start_line); the third is pprof's merge of the two.
  ids.users = await upload(request, "gdu.default.pgo", SERVICES.users);
  ids.search = await upload(request, "roulette.default.pgo", SERVICES.search);
  ids.reports = await upload(request, "merge/expected/real-world.merged.pb.gz", SERVICES.reports);
});

test("a merge of three services is built in the browser: preview, create, download", async ({ page, request }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Merge" }).click();
  await expect(page.getByRole("heading", { name: "Merge profiles into default.pgo" })).toBeVisible();
  await expect(page.getByText("Tick profiles on the left")).toBeVisible();

  // "Latest of each service" picks (at least) our three; then keep only ours, in this order.
  await page.getByRole("button", { name: "Latest of each service" }).click();
  for (const s of Object.values(SERVICES)) await expect(page.getByTestId(`merge-service-${s}`).getByRole("checkbox").first()).toBeChecked();
  await page.getByRole("button", { name: "Clear" }).click();
  await expect(page.getByTestId("merge-input-row")).toHaveCount(0);
  for (const s of Object.values(SERVICES)) await page.getByTestId(`merge-service-${s}`).getByRole("checkbox", { name: /\(latest\)/ }).check();
  await expect(page.getByTestId("merge-input-row")).toHaveCount(3);

  // The preview: warnings, Go's hot call sites, contributions, coverage, flame graph.
  let preview = await settled(page);
  const apiQuery = `profileId=${ids.users}&profileId=${ids.search}&profileId=${ids.reports}`;
  const api = await (await request.get(`/api/merges/preview?${apiQuery}`)).json();
  await expect(page.getByTestId("hot-count")).toContainText(api.hotEdges.count.toLocaleString("en-US"));
  await expect(page.getByTestId("contribution")).toHaveCount(3);
  await expect(page.getByTestId("coverage-row")).toHaveCount(3);
  for (const s of Object.values(SERVICES)) await expect(preview.locator(`[data-testid="coverage-row"][data-service="${s}"]`)).toBeVisible();
  await expect(page.getByTestId("merge-warning").filter({ hasText: "runtime.gopark" })).toHaveCount(1);
  const rows = page.getByRole("table", { name: "Hot call sites" }).getByTestId("hot-edge-row");
  await expect(rows).toHaveCount(25);
  await page.getByRole("button", { name: /^Show all/ }).click();
  await expect(rows).toHaveCount(Math.min(200, api.hotEdges.count));
  await page.getByRole("button", { name: /^Show the first/ }).click();
  const first = api.hotEdges.edges[0];
  await expect(rows.first()).toContainText(first.caller);
  await expect(rows.first()).toContainText(first.callee);
  const shares = await page.getByTestId("input-share").allTextContents();
  expect(shares.map((s) => s.trim())).toEqual(api.contributions.map((c: { share: number }) => `${(c.share * 100).toFixed(1)}%`));
  await waitForDrawn(page.getByTestId("flame-graph"));
  await screenshot(page, "merge-preview");

  // Weight search ×5: its share grows. Then the PGO-minimal file with the hazard guard.
  const before = parseFloat(shares[1]);
  await page.getByRole("spinbutton", { name: new RegExp(`Weight of ${SERVICES.search}`) }).fill("5");
  await expect.poll(async () => parseFloat(await page.getByTestId("input-share").nth(1).innerText())).toBeGreaterThan(before * 3);
  await page.getByRole("checkbox", { name: /PGO-minimal file/ }).check();
  await page.getByRole("checkbox", { name: /Guard PGO hazards/ }).check();
  preview = await settled(page);
  await expect(page.getByText("Guarded against known PGO inlining hazards")).toBeVisible();
  await expect(page.getByTestId("merge-warning").filter({ hasText: "runtime.gopark" })).toHaveCount(0);

  // Create: stored, both sizes shown, download it and read it back.
  await page.getByRole("button", { name: "Create default.pgo" }).click();
  const created = page.getByTestId("merge-created");
  await expect(created).toBeVisible({ timeout: 20_000 });
  await expect(created.getByTestId("merge-size")).toHaveText(/\d+(\.\d)? KiB/);
  await expect(created.getByTestId("merge-full-size")).toHaveText(/\d+(\.\d)? KiB/);
  await screenshot(page, "merge-created");
  const [download] = await Promise.all([page.waitForEvent("download"), created.getByRole("link", { name: "Download default.pgo" }).click()]);
  expect(download.suggestedFilename()).toBe("default.pgo");
  const file = path.resolve("test-results/merge-default.pgo");
  await download.saveAs(file);
  const profile = decodeProfile(new Uint8Array(fs.readFileSync(file)));
  const strings = profile.stringTable.strings;
  expect(profile.sampleType.map((st) => `${strings[Number(st.type)]}/${strings[Number(st.unit)]}`)).toEqual(["samples/count", "cpu/nanoseconds"]);
  expect(profile.function.filter((f) => Number(f.startLine) > 0).length).toBeGreaterThan(100);
  expect(profile.function.some((f) => strings[Number(f.name)] === "DO NOT INLINE: runtime.gopark")).toBe(true);
  const edges = pgoEdgeMap(profile);
  expect(edges.missingStartLine).toBe(false);
  // users 20992 + search 1404 × 5 + reports 22396 (pprof's merge of the two)
  expect(edges.totalWeight).toBe(20992 + 5 * 1404 + 22396);

  // The merge page of the stored merge.
  await created.getByRole("link", { name: "Open the merge" }).click();
  await expect(page.getByRole("heading", { name: /default\.pgo/ })).toBeVisible();
  await expect(page.getByRole("table", { name: "Inputs" }).getByRole("row")).toHaveCount(4);
  await expect(page.getByText("PGO-minimal", { exact: true })).toBeVisible();
  await expect(page.getByText(/PGO-minimal, so each stack keeps only its two innermost locations/)).toBeVisible();
  await waitForDrawn(page.getByTestId("flame-graph"));
  await screenshot(page, "merge-detail");
});

test("an incompatible selection says why, before anything is stored", async ({ page, request }) => {
  const heap = await upload(request, "go19-heap.pb.gz", "pgo-heap");
  await page.goto(`/merge?profileId=${ids.users}&profileId=${heap}`);
  const error = page.getByTestId("merge-preview-error");
  await expect(error).toContainText("profiles have empty common sample type list");
  await expect(page.getByRole("button", { name: "Create default.pgo" })).toBeDisabled();
  await screenshot(page, "merge-incompatible");
});

test("the history lists merges, downloads any of them, and compares two", async ({ page, request }) => {
  const res = await request.post("/api/merges", { data: { profileIds: [ids.users, ids.search] } });
  expect(res.status()).toBe(201);
  await page.goto("/merges");
  await expect(page.getByRole("heading", { name: "Merge history" })).toBeVisible();
  const table = page.getByRole("table", { name: "Merge history" });
  // This spec's two merges (other specs store merges of their own services on the same server).
  const ours = table.locator('[data-testid^="merge-row-"]').filter({ hasText: SERVICES.users });
  await expect(ours).toHaveCount(2);
  await expect(ours.getByRole("link", { name: /Download the default\.pgo/ })).toHaveCount(2);
  await screenshot(page, "merge-history");
  for (const box of await ours.getByRole("checkbox").all()) await box.check();
  await page.getByRole("link", { name: "Compare selected" }).click();
  await expect(page.getByRole("heading", { name: "Compare merges" })).toBeVisible();
  await expect(page.getByTestId("compare-summary")).toContainText("call sites become hot");
  await expect(page.getByRole("table", { name: "Call sites that become hot" })).toBeVisible();
  await screenshot(page, "merge-compare");
});

test("CI gets the latest profile of each service as default.pgo", async ({ request }) => {
  const res = await request.get(`/api/pgo?service=${SERVICES.users}&service=${SERVICES.search}`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toBe('attachment; filename="default.pgo"');
  expect(pgoEdgeMap(decodeProfile(new Uint8Array(await res.body()))).totalWeight).toBe(20992 + 1404);
  const unknown = await request.get("/api/pgo?service=no-such-service");
  expect(unknown.status()).toBe(404);
  expect((await unknown.json()).error).toContain("no-such-service");
});
