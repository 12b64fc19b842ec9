// Issue 16, piece 6: a flame graph of more frames than the SVG can take (here 25,522 with nothing
// folded) arrives as binary columns and is drawn on a canvas that zooms by a click, shows a tooltip
// on hover and orders callees heaviest first.
import { expect, test, type Locator } from "@playwright/test";
import { FLAME_FRAMES_TYPE } from "../lib/pprof/flame-frames-codec";
import { wideTreeProfile } from "../testing/pprof/wide-tree";

const ROW = 18; // components/flame-canvas.tsx CELL_HEIGHT

/** The share of the canvas's pixels painted (not transparent) along its line at CSS pixel `y`. */
const paintedShare = (canvas: Locator, y: number) =>
  canvas.evaluate((c: HTMLCanvasElement, line) => {
    const { data } = c.getContext("2d")!.getImageData(0, Math.floor(line * devicePixelRatio), c.width, 1);
    let painted = 0;
    for (let k = 3; k < data.length; k += 4) if (data[k] > 0) painted++;
    return painted / c.width;
  }, y);

/** wideTreeProfile(leaves)'s handlers, heaviest first (leaf i is under svc.handler<i mod 20>, worth (i mod 7) + 1). */
function handlersByWeight(leaves: number): string[] {
  const weight = new Array<number>(20).fill(0);
  for (let i = 0; i < leaves; i++) weight[i % 20] += (i % 7) + 1;
  return weight.map((w, h) => ({ w, name: `svc.handler${h}` })).sort((a, b) => b.w - a.w || (a.name < b.name ? -1 : 1)).map((h) => h.name);
}

test("a flame graph of 25,000 frames draws on a canvas, zooms on a click and shows a tooltip", async ({ page, request }) => {
  const res = await request.post("/api/profiles?service=big-flame", { data: Buffer.from(wideTreeProfile(25_000)) });
  expect(res.status()).toBe(201);
  const id = (await res.json()).profile.id;

  const frames = page.waitForResponse((r) => r.url().includes("/flamegraph") && r.url().includes("format=frames"));
  await page.goto(`/profiles/${id}?minFraction=0`);
  expect((await frames).headers()["content-type"]).toBe(FLAME_FRAMES_TYPE);
  const graph = page.getByTestId("flame-graph");
  await expect(graph).toHaveAttribute("data-renderer", "canvas");
  await expect(graph).toHaveAttribute("data-ready", "true");
  await expect(graph).toHaveAttribute("data-zoomed", "root");
  await expect(page.getByTestId("flame-zoomed")).toHaveText("Not zoomed");
  const canvas = graph.locator("canvas");
  const box = (await canvas.boundingBox())!;
  // root, main.main, the handlers, the steps; the leaves (under 1 px each) are not drawn.
  expect(box.height).toBe(4 * ROW);
  const whole = Number(await graph.getAttribute("data-drawn-frames"));
  expect(whole).toBeGreaterThan(500);
  expect(whole).toBeLessThan(1000);
  // Painted: the root's row across the width, the handlers' and the steps' rows (a sliver between frames).
  expect(await paintedShare(canvas, ROW / 2)).toBeGreaterThan(0.99);
  expect(await paintedShare(canvas, 2 * ROW + ROW / 2)).toBeGreaterThan(0.95);
  expect(await paintedShare(canvas, 3 * ROW + ROW / 2)).toBeGreaterThan(0.75);

  // Handlers in name order: svc.handler0 is the leftmost of row 2, 1/20 of the width.
  await canvas.hover({ position: { x: 5, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toBeVisible();
  await expect(page.getByTestId("flame-tooltip")).toContainText("svc.handler0");
  await expect(page.getByTestId("flame-tooltip")).toContainText("%");
  await expect(page.getByTestId("flame-tooltip")).toContainText("self");

  await canvas.click({ position: { x: 5, y: 2 * ROW + 9 } });
  await expect(graph).toHaveAttribute("data-zoomed", "svc.handler0");
  await expect(page.getByTestId("flame-zoomed")).toHaveText("Zoomed into svc.handler0");
  // Zoomed, its 25 steps and 1,250 leaves are about a pixel wide or more: the leaves' row is drawn.
  await expect.poll(async () => (await canvas.boundingBox())!.height).toBe(5 * ROW);
  // The leaves' row, painted now.
  expect(await paintedShare(canvas, 4 * ROW + ROW / 2)).toBeGreaterThan(0.5);
  expect(Number(await graph.getAttribute("data-drawn-frames"))).not.toBe(whole);
  // The zoomed frame spans the width: a point at its right end is still svc.handler0.
  await canvas.hover({ position: { x: box.width - 3, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toContainText("svc.handler0");
  // The viewport only: a full-page capture was seen to show a stale picture of the canvas.
  await page.screenshot({ path: "/tmp/flame-canvas-zoomed.png" });

  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect(graph).toHaveAttribute("data-zoomed", "root");
  await expect.poll(async () => (await canvas.boundingBox())!.height).toBe(4 * ROW);

  // Search counts the matching frames on the canvas too.
  await page.getByLabel("Search functions").fill("svc.leaf24999");
  await expect(page.getByTestId("search-status")).toContainText("1 frame match");
  await page.getByLabel("Search functions").fill("");

  // Left-heavy: the heaviest handler comes first, the lightest last.
  const byWeight = handlersByWeight(25_000);
  await page.getByRole("button", { name: "Left-heavy" }).click();
  await canvas.hover({ position: { x: 3, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toContainText(byWeight[0]);
  await canvas.hover({ position: { x: box.width - 3, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toContainText(byWeight[19]);
  await canvas.click({ position: { x: 3, y: 2 * ROW + 9 } });
  await expect(graph).toHaveAttribute("data-zoomed", byWeight[0]);
  await page.screenshot({ path: "/tmp/flame-canvas-left-heavy.png" });
});
