// Issue 14: a profile with a stack 10,000 frames deep. Its flame graph is drawn (to the deepest
// frame the server sends, MAX_FLAME_DEPTH) and zooming into the deepest frame works: d3-flame-graph
// recurses over the tree's depth, so the server must not send it a tree 10,000 frames deep.
import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { deepStackProfile } from "../testing/pprof/deep-stack";

const shots = path.resolve("test-results/screens");

test("a flame graph of a stack 10,000 frames deep draws, and its deepest frame zooms", async ({ page, request }) => {
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  const res = await request.post("/api/profiles?service=deep-e2e", { data: Buffer.from(deepStackProfile(10_000)) });
  expect(res.status()).toBe(201);
  const id = (await res.json()).profile.id as string;

  await page.goto(`/profiles/${id}`);
  const graph = page.getByTestId("flame-graph");
  await expect(graph.locator("svg")).toBeVisible();
  // Frames under the deepest drawn one are folded: root, main.main, then 999 deep.f* frames.
  await expect.poll(() => graph.locator("g.frame").count(), { timeout: 30_000 }).toBeGreaterThan(1000);
  const deepest = graph.locator("g.frame").last();
  await deepest.click({ force: true });
  await expect.poll(() => errors).toEqual([]);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, "deep-stack.png") });
  expect(errors).toEqual([]);
});
