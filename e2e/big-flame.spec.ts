// Issue 16, piece 6: a flame graph of more frames than the SVG can take (here 25,522 with nothing
// folded) is drawn on a canvas that zooms by a click and shows a tooltip on hover.
import { expect, test } from "@playwright/test";
import { wideTreeProfile } from "../testing/pprof/wide-tree";

const ROW = 18; // components/flame-canvas.tsx CELL_HEIGHT

test("a flame graph of 25,000 frames draws on a canvas, zooms on a click and shows a tooltip", async ({ page, request }) => {
  const res = await request.post("/api/profiles?service=big-flame", { data: Buffer.from(wideTreeProfile(25_000)) });
  expect(res.status()).toBe(201);
  const id = (await res.json()).profile.id;

  await page.goto(`/profiles/${id}?minFraction=0`);
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

  // Handlers in name order: svc.handler0 is the leftmost of row 2, 1/20 of the width.
  await canvas.hover({ position: { x: 5, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toBeVisible();
  await expect(page.getByTestId("flame-tooltip")).toContainText("svc.handler0");
  await expect(page.getByTestId("flame-tooltip")).toContainText("%");

  await canvas.click({ position: { x: 5, y: 2 * ROW + 9 } });
  await expect(graph).toHaveAttribute("data-zoomed", "svc.handler0");
  await expect(page.getByTestId("flame-zoomed")).toHaveText("Zoomed into svc.handler0");
  // Zoomed, its 25 steps and 1,250 leaves are about a pixel wide or more: the leaves' row is drawn.
  await expect.poll(async () => (await canvas.boundingBox())!.height).toBe(5 * ROW);
  expect(Number(await graph.getAttribute("data-drawn-frames"))).not.toBe(whole);
  // The zoomed frame spans the width: a point at its right end is still svc.handler0.
  await canvas.hover({ position: { x: box.width - 3, y: 2 * ROW + 9 } });
  await expect(page.getByTestId("flame-tooltip")).toContainText("svc.handler0");
  await page.screenshot({ path: "/tmp/h17-canvas-zoomed.png", fullPage: true });

  await page.getByRole("button", { name: "Reset zoom" }).click();
  await expect(graph).toHaveAttribute("data-zoomed", "root");
  await expect.poll(async () => (await canvas.boundingBox())!.height).toBe(4 * ROW);

  // Search counts the matching frames on the canvas too.
  await page.getByLabel("Search functions").fill("svc.leaf24999");
  await expect(page.getByTestId("search-status")).toContainText("1 frame match");
});
