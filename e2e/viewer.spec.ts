// The profile viewer: flame graph, top table, sample types, search, zoom, and comparing two profiles.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { Profile, StringTable, ValueType } from "pprof-format";

const FIXTURES = path.resolve("lib/pprof/testdata");
const shots = path.resolve("test-results/screens");
const HIGHLIGHT = "rgb(192, 38, 211)"; // components/flame-colors.ts HIGHLIGHT_COLOR

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function upload(request: APIRequestContext, file: string, service: string, label?: string): Promise<string> {
  const query = `service=${service}${label ? `&label=${label}` : ""}`;
  const res = await request.post(`/api/profiles?${query}`, { data: fs.readFileSync(path.join(FIXTURES, file)) });
  expect([200, 201]).toContain(res.status());
  return (await res.json()).profile.id;
}

function emptyProfile(): Buffer {
  const strings = new StringTable();
  const vt = (type: string, unit: string) => new ValueType({ type: strings.dedup(type), unit: strings.dedup(unit) });
  const p = new Profile({ sampleType: [vt("samples", "count"), vt("cpu", "nanoseconds")], sample: [], periodType: vt("cpu", "nanoseconds"), period: 10_000_000, stringTable: strings });
  return Buffer.from(p.encode());
}

/** Widths of the drawn rects of the frames called `name` (frames animate in: poll, do not read once). */
async function frameWidths(graph: Locator, name: string): Promise<number[]> {
  return graph.locator(`g.frame[name="${name}"] rect`).evaluateAll((rects) => rects.map((r) => Number(r.getAttribute("width") ?? 0)));
}

/** The widest frame called `name`. */
async function widest(graph: Locator, name: string): Promise<Locator> {
  const widths = await frameWidths(graph, name);
  return graph.locator(`g.frame[name="${name}"]`).nth(widths.indexOf(Math.max(...widths)));
}

async function svgWidth(graph: Locator): Promise<number> {
  return Number(await graph.locator("svg").getAttribute("width"));
}

/** Waits until the root frame spans the whole graph: the graph is fully drawn. */
async function waitForDrawn(graph: Locator) {
  await expect(graph.locator("svg")).toBeVisible();
  await expect.poll(async () => (await frameWidths(graph, "root"))[0] ?? 0).toBeGreaterThan(300);
  await expect.poll(async () => (await frameWidths(graph, "root"))[0]).toBe(await svgWidth(graph));
}

const ids: Record<string, string> = {};

test.describe.configure({ mode: "serial" });

test.beforeAll(async ({ request }) => {
  ids.cpu = await upload(request, "go19-cpu.pb.gz", "viewer-cpu");
  ids.heap = await upload(request, "go19-heap.pb.gz", "viewer-heap");
  ids.a = await upload(request, "diff/go19-cpu-a.pb.gz", "viewer-pair", "build:a");
  ids.b = await upload(request, "diff/go19-cpu-b.pb.gz", "viewer-pair", "build:b");
  const empty = await request.post("/api/profiles?service=viewer-empty", { data: emptyProfile() });
  expect(empty.status()).toBe(201);
  ids.empty = (await empty.json()).profile.id;
});

test("a profile opens from its service page as a flame graph with pprof's top table", async ({ page }) => {
  await page.goto("/services/viewer-cpu");
  await page.locator(`[data-testid="profile-row-${ids.cpu}"]`).getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/profiles/${ids.cpu}$`));
  await expect(page.getByRole("heading", { name: "viewer-cpu profile" })).toBeVisible();

  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  const width = await svgWidth(graph);
  // root at the top: its frame is in the first row
  expect(await graph.locator('g.frame[name="root"]').getAttribute("transform")).toMatch(/translate\(0,0\)/);
  // main.fib is 30% of the 3 s of CPU (pprof: 0.90s flat and cum): its frames add up to about 30% of the width
  await expect.poll(async () => (await frameWidths(graph, "main.fib")).length).toBeGreaterThan(0);
  const fibTop = Math.max(...(await frameWidths(graph, "main.fib")));
  expect(fibTop / width).toBeGreaterThan(0.25);
  expect(fibTop / width).toBeLessThan(0.31);
  await expect(graph.locator('g.frame[name="main.main"] .d3-flame-graph-label')).toHaveText("main.main");

  // top table in pprof's order, with pprof's figures in human units
  const rows = page.getByRole("table", { name: "Top functions" }).getByTestId("table-row");
  await expect(rows.first()).toContainText("main.fib");
  await expect(rows.first()).toContainText("900ms");
  await expect(rows.first()).toContainText("30.00%");
  await expect(rows.nth(1)).toContainText("main.isOdd");

  // tooltip: value and share in human units
  await (await widest(graph, "main.fib")).hover();
  const tooltip = page.getByTestId("flame-tooltip");
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText("main.fib");
  await expect(tooltip).toContainText(/ms · \d+\.\d\d% of cpu/);
  await screenshot(page, "viewer-cpu");
});

test("search highlights matching frames and sums their share; a table row highlights its function", async ({ page }) => {
  await page.goto(`/profiles/${ids.cpu}`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);

  await page.getByLabel("Search functions").fill("sort.");
  const status = page.getByTestId("search-status");
  await expect(status).toContainText(/frames match “sort\.”: .*\d+\.\d\d% of the total/);
  await expect
    .poll(() => graph.locator("g.frame rect").evaluateAll((rs, color) => rs.filter((r) => getComputedStyle(r).fill === color).length, HIGHLIGHT))
    .toBeGreaterThan(2);
  await screenshot(page, "viewer-search");
  await page.getByLabel("Search functions").fill("");

  // sort the table by cum, filter it, click a row
  await page.getByRole("button", { name: "cum", exact: true }).click();
  const table = page.getByRole("table", { name: "Top functions" });
  await expect(table.getByRole("columnheader", { name: "cum", exact: true })).toHaveAttribute("aria-sort", "descending");
  // pprof: main.burnFor has the largest cum, 2.41s (80.33%)
  await expect(table.getByTestId("table-row").first()).toContainText("main.burnFor");
  await expect(table.getByTestId("table-row").first()).toContainText("80.33%");
  await page.getByPlaceholder("Filter by name").fill("isOdd");
  await expect(table.getByTestId("table-row")).toHaveCount(1);
  await table.getByTestId("table-row").first().click();
  await expect(status).toContainText("main.isOdd: cum 590ms (19.67%)");
  await expect
    .poll(() => graph.locator('g.frame[name="main.isOdd"] rect').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill)))
    .toContain(HIGHLIGHT);
  const others = await graph.locator('g.frame[name="main.fib"] rect').evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
  expect(others).not.toContain(HIGHLIGHT);
  await screenshot(page, "viewer-row-highlight");
});

test("a function picked in the table shows its callers and callees as go tool pprof -peek does, and a click follows them", async ({ page }) => {
  await page.goto(`/profiles/${ids.cpu}`);
  await waitForDrawn(page.getByTestId("flame-graph"));
  const table = page.getByRole("table", { name: "Top functions" });
  await page.getByPlaceholder("Filter by name").fill("main.hashLoop");
  await table.getByTestId("table-row").first().click();

  // go tool pprof -peek (lib/pprof/testdata/expected/go19-cpu.1-cpu.peek-exact.txt): called from
  // main.cpuWorkload.func3 (900ms, 100%), calls main.mix (700ms, 77.78%); flat 200ms, cum 900ms.
  const panel = page.getByTestId("peek-panel");
  await expect(panel.getByRole("heading", { level: 2 })).toContainText("Callers and callees of main.hashLoop");
  await expect(panel).toContainText("flat 200ms (6.67%), cum 900ms (30.00%) of cpu");
  const callers = panel.getByRole("list", { name: "Callers" });
  const callees = panel.getByRole("list", { name: "Callees" });
  await expect(callers.getByRole("listitem")).toHaveCount(1);
  await expect(callers.getByRole("listitem").first()).toContainText(/main\.cpuWorkload\.func3\s*900ms\s*100\.00%/);
  await expect(callees.getByRole("listitem").first()).toContainText(/main\.mix\s*700ms\s*77\.78%/);
  await screenshot(page, "viewer-peek");

  // Following a callee: main.mix calls main.rotl (540ms, 77.14% of its 700ms).
  await callees.getByRole("button", { name: "main.mix" }).click();
  await expect(panel.getByRole("heading", { level: 2 })).toContainText("Callers and callees of main.mix");
  await expect(callees.getByRole("listitem").first()).toContainText(/main\.rotl\s*540ms\s*77\.14%/);
  await expect(page.getByTestId("search-status")).toContainText("main.mix: cum 700ms");

  await panel.getByRole("button", { name: "Close callers and callees" }).click();
  await expect(panel).toHaveCount(0);
});

test("clicking a frame zooms into it, reset zooms out, and the toggle puts the root at the bottom", async ({ page }) => {
  await page.goto(`/profiles/${ids.cpu}`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  const width = await svgWidth(graph);
  const before = Math.max(...(await frameWidths(graph, "main.hashLoop")));
  expect(before / width).toBeLessThan(0.5);

  await (await widest(graph, "main.hashLoop")).click();
  await expect.poll(async () => Math.max(...(await frameWidths(graph, "main.hashLoop")))).toBeGreaterThan(width - 2);
  await expect(page.getByRole("button", { name: "Reset zoom" })).toBeEnabled();
  await screenshot(page, "viewer-zoomed");

  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect.poll(async () => Math.max(...(await frameWidths(graph, "main.hashLoop")))).toBeLessThan(width / 2);

  await page.getByRole("button", { name: "Root at bottom" }).click();
  await expect
    .poll(async () => Number(/translate\([^,]+,([^)]+)\)/.exec((await graph.locator('g.frame[name="root"]').getAttribute("transform")) ?? "")?.[1]))
    .toBeGreaterThan(100);
  await screenshot(page, "viewer-root-at-bottom");
});

test("a zoomed frame shows every frame under it that the whole graph folded, and the whole profile comes back", async ({ page, request }) => {
  type Node = { name: string; value: number; children: Node[] };
  const id = await upload(request, "gdu.default.pgo", "viewer-gdu");
  const flame = async (query = "") => (await (await request.get(`/api/profiles/${id}/flamegraph?sampleType=cpu${query}`)).json()) as Node & { total: number; folded: { frames: number } };
  const names = (node: Node, out = new Map<string, number>()) => {
    out.set(node.name, Math.max(out.get(node.name) ?? 0, node.value));
    for (const c of node.children) names(c, out);
    return out;
  };
  const whole = await flame();
  expect(whole.folded.frames).toBeGreaterThan(0);
  const wholeNames = names(whole);
  // An outermost frame with a function the whole graph folds under it, wide enough to be drawn when focused.
  let focus: Node | undefined;
  let revealed: string | undefined;
  for (const child of whole.children.filter((c) => c.value > whole.total * 0.005).sort((a, b) => a.value - b.value)) {
    const focused = await flame(`&path=${encodeURIComponent(child.name)}`);
    revealed = [...names(focused)].find(([name, value]) => !wholeNames.has(name) && value > focused.value * 0.01)?.[0];
    if (revealed) {
      focus = child;
      break;
    }
  }
  expect(revealed).toBeDefined();

  await page.goto(`/profiles/${id}`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  await expect(page.getByTestId("search-status")).toContainText("zoom into a frame to show every frame under it");
  await expect(graph.locator(`g.frame[name="${revealed}"]`)).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Every frame under this one" })).toHaveCount(0);

  await (await widest(graph, focus!.name)).click();
  await expect(page.getByRole("button", { name: "Every frame under this one" })).toBeVisible();
  await screenshot(page, "viewer-zoomed-folded");
  await page.getByRole("button", { name: "Every frame under this one" }).click();
  await expect(page.getByTestId("flame-focus")).toContainText(`Every frame under ${focus!.name}`);
  await waitForDrawn(graph);
  await expect.poll(async () => graph.locator(`g.frame[name="${revealed}"]`).count()).toBeGreaterThan(0);
  // The focused frame spans the graph; the tooltip's shares stay those of the whole profile.
  await expect.poll(async () => Math.max(...(await frameWidths(graph, focus!.name)))).toBe(await svgWidth(graph));
  await screenshot(page, "viewer-focused");

  await page.getByRole("button", { name: "Whole profile" }).click();
  await expect(page.getByTestId("flame-focus")).toHaveCount(0);
  await waitForDrawn(graph);
  await expect(graph.locator(`g.frame[name="${revealed}"]`)).toHaveCount(0);

  // ?minFraction=0 in the page's URL folds nothing: a zoom shows the frame, no focus needed.
  await page.goto(`/profiles/${id}?minFraction=0`);
  await waitForDrawn(graph);
  await expect(page.getByTestId("search-status")).toContainText("Click a frame to zoom in");
  await expect(page.getByTestId("search-status")).not.toContainText("folded");
  await (await widest(graph, focus!.name)).click();
  await expect.poll(async () => graph.locator(`g.frame[name="${revealed}"]`).count()).toBeGreaterThan(0);
  await expect(page.getByRole("button", { name: "Every frame under this one" })).toHaveCount(0);
  await screenshot(page, "viewer-every-frame");
});

test("a heap profile opens on inuse_space and switches to alloc_space", async ({ page }) => {
  await page.goto(`/profiles/${ids.heap}`);
  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  await expect(page.getByLabel("Sample type")).toHaveValue("inuse_space");
  const table = page.getByRole("table", { name: "Top functions" });
  await expect(table.getByTestId("table-row").first()).toContainText("main.allocList");
  await expect(table.getByTestId("table-row").first()).toContainText("60.41%");

  await page.getByLabel("Sample type").selectOption("alloc_space");
  await expect(page).toHaveURL(/sampleType=alloc_space/);
  await expect(table.getByTestId("table-row").first()).toContainText("main.sortWork");
  await expect(table.getByTestId("table-row").first()).toContainText("87.43%");
  await waitForDrawn(graph);
  await expect(graph).toHaveAttribute("aria-label", /alloc_space, total 41\.9MB/);
  const sortWork = Math.max(...(await frameWidths(graph, "main.sortWork")));
  expect(sortWork / (await svgWidth(graph))).toBeGreaterThan(0.85);
  await screenshot(page, "viewer-heap-alloc-space");

  // the choice survives a reload
  await page.reload();
  await expect(page.getByLabel("Sample type")).toHaveValue("alloc_space");
});

test("an empty profile shows a message instead of a blank graph, an unknown id the 404 page", async ({ page }) => {
  await page.goto(`/profiles/${ids.empty}`);
  await expect(page.getByRole("heading", { name: "This profile has no samples" })).toBeVisible();
  await expect(page.getByTestId("flame-graph")).toHaveCount(0);
  await screenshot(page, "viewer-empty");

  const res = await page.goto("/profiles/does-not-exist");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Profile not found" })).toBeVisible();
});

test("two profiles picked on the service page compare as a differential flame graph", async ({ page }) => {
  await page.goto("/services/viewer-pair");
  const compare = page.getByText("Compare selected");
  await expect(compare).toHaveAttribute("aria-disabled", "true");
  await page.getByRole("checkbox").first().check();
  await page.getByRole("checkbox").nth(1).check();
  await screenshot(page, "service-pick-two");
  await page.getByRole("link", { name: "Compare selected" }).click();
  await expect(page).toHaveURL(/\/compare\?base=.+&target=.+/);
  const url = new URL(page.url());
  expect(new Set([url.searchParams.get("base"), url.searchParams.get("target")])).toEqual(new Set([ids.a, ids.b]));
  // a was captured first: it is the base
  expect(url.searchParams.get("base")).toBe(ids.a);

  const graph = page.getByTestId("flame-graph");
  await waitForDrawn(graph);
  await expect(page.getByTestId("compare-summary")).toContainText("Base figures are scaled");
  // a's hot path (sha256) shrank: blue; b's (sorting) grew: red
  const fills = async (name: string) => graph.locator(`g.frame[name="${name}"] rect`).evaluateAll((rs) => rs.map((r) => getComputedStyle(r).fill));
  const channels = (rgb: string) => rgb.match(/\d+/g)!.map(Number);
  await expect.poll(async () => (await fills("crypto/sha256.block")).length).toBeGreaterThan(0);
  const blue = (c: string) => channels(c)[2] > channels(c)[0] + 100;
  const red = (c: string) => channels(c)[0] > channels(c)[2] + 100;
  expect((await fills("crypto/sha256.block")).some(blue)).toBe(true);
  expect((await fills("sort.partition")).some(red)).toBe(true);

  const rows = page.getByRole("table", { name: "Largest changes" }).getByTestId("table-row");
  await expect(rows.first()).toContainText("crypto/sha256.block");
  await expect(rows.first()).toContainText("−");
  await (await widest(graph, "sort.partition")).hover();
  await expect(page.getByTestId("flame-tooltip")).toContainText(/base .*target .*change \+/s);
  await screenshot(page, "compare-cpu");
});

test("profiles with no sample type in common say so", async ({ page }) => {
  await page.goto(`/compare?base=${ids.cpu}&target=${ids.heap}`);
  await expect(page.getByRole("heading", { name: "These profiles have no sample type in common" })).toBeVisible();
  await expect(page.getByText("the target has alloc_objects/count")).toBeVisible();
  await screenshot(page, "compare-incompatible");
  const res = await page.goto(`/compare?base=${ids.cpu}&target=nope`);
  expect(res?.status()).toBe(404);
});
