// Sources in the browser, against the local-mode server and the profile sources that
// scripts/fake-sources.mjs starts beside it (playwright.config.ts): an s3rver bucket of real Go batch
// profiles, two Go processes serving net/http/pprof on 127.0.0.2 and 127.0.0.3, and the fake ECS
// endpoint whose service has those two processes as its tasks.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { SOURCES } from "../playwright.config";

const shots = path.resolve("test-results/screens");

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: "serial" });

const form = (page: Page) => page.getByRole("form", { name: "Add a source" });
const run = (page: Page) => page.getByRole("region", { name: "Run", exact: true });

async function collectAndWait(page: Page) {
  await page.getByRole("button", { name: "Collect now" }).click();
  await expect(page.getByRole("status")).toHaveText("Collecting…");
  await expect(run(page).getByTestId("run-status")).toHaveText("done", { timeout: 30_000 });
}

test("the sources page starts empty, with the form and the API call to add one", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sources" }).click();
  await expect(page).toHaveURL(/\/sources$/);
  await expect(page.getByRole("heading", { name: "No sources yet" })).toBeVisible();
  await screenshot(page, "sources-empty");
});

test("an S3 bucket of batch runs: every profile stored under its service with its metadata labels, then nothing to read", async ({ page }) => {
  await page.goto("/sources");
  await form(page).getByRole("textbox", { name: "Bucket" }).fill("batch-profiles");
  await form(page).getByRole("textbox", { name: "Prefix" }).fill("jobs/");
  await form(page).getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\/sources\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { name: "s3://batch-profiles/jobs/" })).toBeVisible();
  await collectAndWait(page);
  await expect(run(page).getByTestId("run-counts")).toHaveText("5 stored");
  await expect(run(page).getByRole("row", { name: /jobs\/search\/2026-12-01-run\.pprof/ })).toContainText("stored");
  await screenshot(page, "source-s3-run");

  // A second run finds nothing new and reads no object.
  await collectAndWait(page);
  await expect(run(page).getByTestId("run-counts")).toHaveText("5 unchanged");

  await run(page).getByRole("row", { name: /jobs\/reports\/2026-12-04-run\.pprof/ }).getByRole("link", { name: "profile" }).click();
  await expect(page).toHaveURL(/\/profiles\/[0-9a-f-]{36}/);
  await expect(page.getByText("monthly-billing").first()).toBeVisible();
});

test("a service fed by batch runs shows them as a chart, and the Merge page offers its representative run", async ({ page }) => {
  await page.goto("/services/reports");
  await expect(page.getByTestId("batch-runs-chart").locator("svg.recharts-surface")).toBeVisible();
  await expect(page.getByTestId("batch-runs-chart").locator("circle[fill=\"#7c3aed\"]")).toHaveCount(1);
  await expect(page.getByTestId("representative-run")).toBeVisible();
  await screenshot(page, "service-batch-runs");
  await page.goto("/merge");
  await page.getByRole("button", { name: "Representative of each" }).click();
  await expect(page.getByTestId("merge-service-reports").getByText("representative")).toBeVisible();
  await expect(page.getByText(/api\/pgo\?service=.*pick=representative/)).toBeVisible();
  await screenshot(page, "merge-representative");
});

test("admin endpoints: a link-local URL is refused, a real Go admin port is profiled", async ({ page }) => {
  await page.goto("/sources");
  await form(page).getByRole("radio", { name: "Admin endpoints" }).check();
  await form(page).getByRole("textbox", { name: "Service", exact: true }).fill("users");
  await form(page).getByRole("textbox", { name: "Admin base URLs" }).fill("http://169.254.169.254/");
  await form(page).getByRole("button", { name: "Add source" }).click();
  await expect(form(page).getByRole("alert")).toContainText("link-local address");

  await form(page).getByRole("textbox", { name: "Admin base URLs" }).fill(`http://127.0.0.2:${SOURCES.adminPort}\nhttp://127.0.0.2:${SOURCES.refusedPort}`);
  await form(page).getByRole("spinbutton", { name: "Seconds to profile" }).fill("2");
  await form(page).getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\/sources\/[0-9a-f-]{36}$/);
  await page.getByRole("button", { name: "Collect now" }).click();
  // Live: the profile is being taken.
  await expect(run(page).getByTestId("run-status")).toHaveText("running");
  await expect(run(page).getByRole("row", { name: new RegExp(`127\\.0\\.0\\.2:${SOURCES.adminPort}`) })).toContainText("running");
  // A second start joins the run.
  await page.getByRole("button", { name: "Collect now" }).click();
  await expect(page.getByRole("status")).toHaveText("A run was already going: following it.");
  await screenshot(page, "source-endpoint-running");
  await expect(run(page).getByTestId("run-status")).toHaveText("done", { timeout: 30_000 });
  await expect(run(page).getByTestId("run-counts")).toHaveText("1 stored · 1 failed");
  await expect(run(page).getByRole("row", { name: new RegExp(`127\\.0\\.0\\.2:${SOURCES.refusedPort}/`) })).toContainText("connection refused");
});

test("an ECS service: every running task profiled at its address, labelled with its task, and listed under the service", async ({ page }) => {
  await page.goto("/sources");
  await form(page).getByRole("radio", { name: "ECS service" }).check();
  await form(page).getByRole("textbox", { name: "Service", exact: true }).fill("users");
  await form(page).getByRole("textbox", { name: "ECS cluster" }).fill("demo");
  await form(page).getByRole("textbox", { name: "ECS service" }).fill("users");
  await form(page).getByRole("spinbutton", { name: "Admin port" }).fill(String(SOURCES.adminPort));
  await form(page).getByRole("spinbutton", { name: "Seconds to profile" }).fill("1");
  await form(page).getByRole("spinbutton", { name: "Collect every N minutes" }).fill("60");
  await form(page).getByRole("button", { name: "Add source" }).click();
  await expect(page).toHaveURL(/\/sources\/[0-9a-f-]{36}$/);
  await expect(page.getByText("every 60 minutes")).toBeVisible();
  await collectAndWait(page);
  await expect(run(page).getByTestId("run-counts")).toHaveText("2 stored");
  await expect(run(page).getByRole("row", { name: /127\.0\.0\.3/ })).toContainText("stored");
  await screenshot(page, "source-ecs-run");

  await page.goto("/sources");
  await expect(page.getByRole("table", { name: "Sources" }).getByRole("row")).toHaveCount(4);
  await screenshot(page, "sources-list");
  await page.goto("/services/users");
  await expect(page.getByText("7f3c2a9e4b1d4e8fa6c05d2b9e1a7c33").first()).toBeVisible();
});
