// pprof's filters in the viewer: the filter bar round-trips through the URL, the Labels tab gives
// each label value's share and focuses on it, a bad regular expression is a clear message.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";

const FIXTURES = path.resolve("lib/pprof/testdata");
const shots = path.resolve("test-results/screens");

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function upload(request: APIRequestContext, file: string, service: string): Promise<string> {
  const res = await request.post(`/api/profiles?service=${service}`, { data: fs.readFileSync(path.join(FIXTURES, file)) });
  expect([200, 201]).toContain(res.status());
  return (await res.json()).profile.id;
}

async function rootWidth(graph: Locator): Promise<number> {
  return Number((await graph.locator('g.frame[name="root"] rect').first().getAttribute("width")) ?? 0);
}

/** Waits until the root frame spans the whole graph. */
async function waitForDrawn(graph: Locator) {
  await expect(graph.locator("svg")).toBeVisible();
  await expect.poll(() => rootWidth(graph)).toBeGreaterThan(300);
  await expect.poll(() => rootWidth(graph)).toBe(Number(await graph.locator("svg").getAttribute("width")));
}

const ids: Record<string, string> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  ids.users = await upload(request, "go126-users.pb.gz", "filters-users");
});

test("the filter bar applies pprof's filters to every view, and its state is in the URL", async ({ page, request }) => {
  await page.goto(`/profiles/${ids.users}?sampleType=cpu`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  const bar = page.getByTestId("filter-bar");
  await bar.getByLabel("Focus", { exact: true }).fill("encoding/json");
  await bar.getByLabel("Hide", { exact: true }).fill("^runtime\\.");
  await bar.locator('select[name="granularity"]').selectOption("lines");
  await expect(page).toHaveURL(/granularity=lines/);
  await expect(page).toHaveURL(/focus=encoding%2Fjson/);
  await expect(page).toHaveURL(/hide=%5Eruntime%5C\./);

  // The table is pprof's: the same rows as the API (checked against go tool pprof in the unit tests).
  const api = await (await request.get(`/api/profiles/${ids.users}/top?sampleType=cpu&focus=encoding/json&hide=${encodeURIComponent("^runtime\\.")}&granularity=lines`)).json();
  expect(api.rows.length).toBeGreaterThan(0);
  expect(api.rows.every((r: { name: string }) => !r.name.startsWith("runtime."))).toBe(true);
  const rows = page.getByRole("table", { name: "Top functions" }).getByTestId("table-row");
  await expect(rows.first()).toContainText(api.rows[0].name);
  await expect(rows.first()).toContainText(/\.(go|s):\d+/);
  await waitForDrawn(graph);
  await expect(graph.locator('g.frame[name^="runtime."]')).toHaveCount(0);
  await screenshot(page, "filters-lines");

  // Reloading the URL gives the same view, the bar filled in.
  await page.reload();
  await waitForDrawn(graph);
  await expect(bar.getByLabel("Focus", { exact: true })).toHaveValue("encoding/json");
  await expect(bar.getByLabel("Hide", { exact: true })).toHaveValue("^runtime\\.");
  await expect(bar.locator('select[name="granularity"]')).toHaveValue("lines");
  await expect(rows.first()).toContainText(api.rows[0].name);

  await bar.getByRole("button", { name: "Clear" }).click();
  await expect(page).not.toHaveURL(/focus=|granularity=/);
  await expect(bar.getByLabel("Focus", { exact: true })).toHaveValue("");
  await waitForDrawn(graph);
  await expect(graph.locator('g.frame[name^="runtime."]').first()).toBeAttached();
});

test("the Labels tab gives each label value's share, and a click focuses on its samples", async ({ page, request }) => {
  await page.goto(`/profiles/${ids.users}?sampleType=cpu`);
  await page.getByRole("tab", { name: "Labels" }).click();
  const panel = page.getByTestId("labels-panel");
  const tenant = panel.getByRole("region", { name: "label tenant" });
  await expect(tenant).toBeVisible();
  await expect(panel.getByRole("region", { name: "label endpoint" })).toContainText("GET /v1/users");
  // go tool pprof -tags: acme 810ms (27.74%), the largest tenant.
  await expect(tenant.getByRole("button").first()).toContainText("acme");
  await expect(tenant.getByRole("button").first()).toContainText("27.74%");
  await screenshot(page, "filters-labels");

  await tenant.getByRole("button", { name: /acme/ }).click();
  await expect(page).toHaveURL(/tagfocus=tenant%3D%5Eacme%24/);
  await expect(page.getByTestId("filter-bar").getByLabel("Tag focus", { exact: true })).toHaveValue("tenant=^acme$");
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  const focused = await (await request.get(`/api/profiles/${ids.users}/flamegraph?sampleType=cpu&tagfocus=${encodeURIComponent("tenant=^acme$")}`)).json();
  expect(focused.value).toBe(810_000_000);
  await page.getByRole("tab", { name: "Labels" }).click();
  await expect(tenant.getByRole("button")).toHaveCount(1);
  await expect(tenant).toContainText("acme");
});

test("a bad regular expression is a clear message, typed or in a shared URL", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`/profiles/${ids.users}?sampleType=cpu`);
  await waitForDrawn(page.getByTestId("flame-graph"));
  const bar = page.getByTestId("filter-bar");
  await bar.getByLabel("Ignore", { exact: true }).fill("json(");
  await bar.getByLabel("Ignore", { exact: true }).press("Enter");
  await expect(page.getByTestId("filter-error")).toContainText('ignore: "json(" is not a valid regular expression');
  await expect(page).not.toHaveURL(/ignore=/);
  await expect(page.getByTestId("flame-graph").locator("svg")).toBeVisible();

  await page.goto(`/profiles/${ids.users}?sampleType=cpu&focus=${encodeURIComponent("(?<x")}`);
  await expect(page.getByTestId("filter-error")).toContainText('focus: "(?<x" is not a valid regular expression');
  await expect(page.getByRole("alert").filter({ hasText: "Could not load the flame graph" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await screenshot(page, "filters-bad-regexp");

  await page.goto(`/profiles/${ids.users}?sampleType=cpu&focus=no-such-function`);
  await expect(page.getByTestId("filter-unmatched")).toContainText("Focus matched no samples");
  expect(errors).toEqual([]);
});

test("the Graph tab draws go tool pprof -dot's graph with Graphviz, and a click on a node focuses on it", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("response", (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  const api = await (await request.get(`/api/profiles/${ids.users}/graph?sampleType=cpu`)).json();
  expect(api.nodes.length).toBeGreaterThan(10);
  await page.goto(`/profiles/${ids.users}?sampleType=cpu`);
  await page.getByRole("tab", { name: "Graph", exact: true }).click();
  const graph = page.getByTestId("call-graph");
  await expect(graph.locator("svg g.node")).toHaveCount(api.nodes.length, { timeout: 20_000 });
  await expect(graph.locator("svg g.edge")).toHaveCount(api.edges.length);
  await expect(page.getByTestId("graph-status")).toContainText(`${api.nodes.length} of ${api.nodesBefore} nodes`);
  // pprof's first node is the heaviest by its entropy score: drawn with its name split on dots.
  const unmarshal = api.nodes.find((n: { name: string }) => n.name === "encoding/json.Unmarshal");
  expect(unmarshal).toBeDefined();
  await screenshot(page, "filters-graph");

  await graph.locator(`g.node#node-${unmarshal.id}`).click();
  await expect(page).toHaveURL(/focus=%5Eencoding%2Fjson%5C\.Unmarshal%24/);
  await expect(page.getByTestId("filter-bar").getByLabel("Focus", { exact: true })).toHaveValue("^encoding/json\\.Unmarshal$");
  const focused = await (await request.get(`/api/profiles/${ids.users}/graph?sampleType=cpu&focus=${encodeURIComponent("^encoding/json\\.Unmarshal$")}`)).json();
  await expect(graph.locator("svg g.node")).toHaveCount(focused.nodes.length, { timeout: 20_000 });
  // Every sample kept goes through Unmarshal: its cum is the whole profile's (through it) as before.
  expect(focused.nodes.find((n: { name: string }) => n.name === "encoding/json.Unmarshal").cum).toBe(unmarshal.cum);
  expect(focused.nodes.every((n: { cum: number }) => n.cum <= unmarshal.cum || n.cum === 0)).toBe(true);
  expect(errors).toEqual([]);
});

test("the Sandwich tab shows a function's callers above and its callees below; left-heavy puts the heaviest callee first", async ({ page, request }) => {
  await page.goto(`/profiles/${ids.users}?sampleType=cpu`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);

  // Left-heavy: the second row starts with its widest frame.
  const secondRow = async () =>
    graph.locator("g.frame").evaluateAll((frames) =>
      frames
        .map((f) => {
          const m = /translate\(([-\d.]+),([-\d.]+)\)/.exec(f.getAttribute("transform") ?? "");
          return { x: Number(m?.[1]), y: Number(m?.[2]), width: Number(f.querySelector("rect")?.getAttribute("width") ?? 0) };
        })
        .filter((f) => f.width > 0),
    );
  await page.getByRole("button", { name: "Left-heavy" }).click();
  await expect(page.getByRole("button", { name: "Left-heavy" })).toHaveAttribute("aria-pressed", "true");
  await waitForDrawn(graph);
  await expect
    .poll(async () => {
      const frames = await secondRow();
      const ys = [...new Set(frames.map((f) => f.y))].sort((a, b) => a - b);
      const row = frames.filter((f) => f.y === ys[2]);
      const widest = row.reduce((a, b) => (b.width > a.width ? b : a));
      return row.length > 1 && widest.x === Math.min(...row.map((f) => f.x));
    })
    .toBe(true);

  const rows = page.getByRole("table", { name: "Top functions" }).getByTestId("table-row");
  await page.getByPlaceholder("Filter by name").fill("encoding/json.Unmarshal");
  await rows.filter({ hasText: /encoding\/json\.Unmarshal$/ }).first().click();
  await page.getByRole("tab", { name: "Sandwich" }).click();
  const panel = page.getByTestId("sandwich-panel");
  const api = await (await request.get(`/api/profiles/${ids.users}/sandwich?sampleType=cpu&function=encoding/json.Unmarshal`)).json();
  await expect(page.getByTestId("sandwich-status")).toContainText(`encoding/json.Unmarshal: 1.98s, ${((100 * api.cum) / api.total).toFixed(2)}% of cpu`);
  const callers = panel.getByTestId("sandwich-callers");
  const callees = panel.getByTestId("sandwich-callees");
  await waitForDrawn(callers);
  await waitForDrawn(callees);
  await expect(callers.locator('g.frame[name="fleetscope.test/goservices/services.usersUnit.func1"]').first()).toBeAttached();
  await expect(callees.locator('g.frame[name="encoding/json.(*decodeState).unmarshal"]').first()).toBeAttached();
  await screenshot(page, "filters-sandwich");

  await panel.getByLabel("Function").fill("runtime.mallocgc");
  await panel.getByRole("button", { name: "Show sandwich" }).click();
  await expect(page.getByTestId("sandwich-status")).toContainText("runtime.mallocgc");
});

test("the compare page's filter bar applies pprof's filters to both profiles, and its state is in the URL", async ({ page, request }) => {
  ids.reports = await upload(request, "go126-reports.pb.gz", "filters-compare");
  await page.goto(`/compare?base=${ids.reports}&target=${ids.users}&sampleType=cpu`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  await expect(graph.locator('g.frame[name^="runtime."]').first()).toBeAttached();
  const bar = page.getByTestId("filter-bar");
  await bar.getByLabel("Hide", { exact: true }).fill("^runtime\\.");
  await bar.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/hide=%5Eruntime%5C\./);
  await waitForDrawn(graph);
  await expect(graph.locator('g.frame[name^="runtime."]')).toHaveCount(0);

  // Both sides went through the filter: the page's totals and changes are the API's filtered ones.
  const api = await (await request.get(`/api/profiles/compare?base=${ids.reports}&target=${ids.users}&sampleType=cpu&hide=${encodeURIComponent("^runtime\\.")}`)).json();
  const unfiltered = await (await request.get(`/api/profiles/compare?base=${ids.reports}&target=${ids.users}&sampleType=cpu`)).json();
  expect(api.changes.some((c: { name: string }) => c.name.startsWith("runtime."))).toBe(false);
  expect(unfiltered.changes.some((c: { name: string }) => c.name.startsWith("runtime."))).toBe(true);
  const rows = page.getByRole("table", { name: "Largest changes" }).getByTestId("table-row");
  await expect(rows.first()).toContainText(api.changes[0].name);
  await screenshot(page, "filters-compare");

  // A shared URL opens with the filters applied, in the bar and in the graph; a bad expression is a clear message.
  await page.goto(`/compare?base=${ids.reports}&target=${ids.users}&sampleType=cpu&hide=${encodeURIComponent("^runtime\\.")}`);
  await expect(bar.getByLabel("Hide", { exact: true })).toHaveValue("^runtime\\.");
  await waitForDrawn(graph);
  await expect(graph.locator('g.frame[name^="runtime."]')).toHaveCount(0);
  await bar.getByLabel("Focus", { exact: true }).fill("json(");
  await bar.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByTestId("filter-error")).toContainText('focus: "json(" is not a valid regular expression');
});
