// Fleet audits in the browser, against the local-mode server scanning the built-in fake EC2
// endpoint (the demo fleet: 8 enabled regions, sa-east-1 denied, af-south-1 not opted in; see
// playwright.config.ts and scripts/fake-ec2.mjs).
import fs from "node:fs";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

const shots = path.resolve("test-results/screens");

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: "serial" });

let firstAuditUrl = "";
let stoppedAuditUrl = "";

const openSection = (page: Page) => page.getByRole("region", { name: /^Open to the internet/ });
const untaggedSection = (page: Page) => page.getByRole("region", { name: /^Untagged instances/ });
const rowsShown = async (section: ReturnType<typeof openSection>) => Number((await section.getByTestId("rows-shown").innerText()).match(/^([\d,]+)/)![1]!.replace(/,/g, ""));

test("the audits page starts empty, with the form and the API call to start a scan", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audits" }).click();
  await expect(page).toHaveURL(/\/audits$/);
  await expect(page.getByRole("heading", { name: "Fleet audits" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "No scans yet" })).toBeVisible();
  await expect(page.getByLabel("Required tag keys")).toHaveValue("Owner");
  await screenshot(page, "audits-empty");
});

test("a bad region or too many tag keys is refused with the reason", async ({ page }) => {
  await page.goto("/audits");
  await page.getByLabel("Chosen regions").check();
  await page.getByLabel("Region names").fill("eu-west-1 Narnia");
  await page.getByRole("button", { name: "Start scan" }).click();
  const form = page.getByRole("form", { name: "Start a scan" });
  await expect(form.getByRole("alert")).toHaveText("Regions “Narnia”: not a region name (like eu-west-1)");

  await page.getByLabel("All enabled regions").check();
  await page.getByLabel("Required tag keys").fill("a, b, c, d, e, f, g");
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(form.getByRole("alert")).toHaveText("Required tags: up to 6 required tag keys");
  await expect(page.getByRole("heading", { name: "No scans yet" })).toBeVisible();
});

test("starting a scan opens its live report, which survives a reload and ends with every region", async ({ page }) => {
  await page.goto("/audits");
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page).toHaveURL(/\/audits\/[0-9a-f-]{36}$/);
  firstAuditUrl = new URL(page.url()).pathname;

  // Live: queued and scanning regions, instances so far.
  await expect(page.getByTestId("audit-status")).toHaveText("running");
  await expect(page.getByTestId("scan-progress")).toContainText(/Scanning: \d of 8 regions done/);
  await expect(page.getByRole("row", { name: /scanning/ }).first()).toBeVisible();
  await screenshot(page, "audit-running");

  await page.reload();
  await expect(page.getByTestId("audit-status")).toHaveText(/running|done/);
  await expect(page.getByTestId("audit-status")).toHaveText("done", { timeout: 30_000 });
  await expect(page.getByTestId("scan-progress")).toHaveCount(0);

  // Summary and regions: eight scanned, the denied one with EC2's error.
  await expect(page.getByTestId("card-regions")).toContainText("8");
  await expect(page.getByTestId("card-failed-regions")).toContainText("1");
  await expect(page.getByTestId("card-instances")).toContainText("2,210");
  const denied = page.getByTestId("region-row-sa-east-1");
  await expect(denied).toContainText("error");
  await expect(denied.getByTestId("region-error")).toContainText("UnauthorizedOperation");
  await expect(page.getByTestId("region-row-us-east-1")).toContainText("1,200");
  await expect(page.getByTestId("region-row-af-south-1")).toHaveCount(0);
});

test("the findings tables sort, filter and show severities", async ({ page }) => {
  await page.goto(firstAuditUrl);
  const open = openSection(page);
  await expect(open.getByRole("table", { name: "Open ingress" })).toBeVisible();
  const total = await rowsShown(open);
  expect(total).toBeGreaterThan(50);
  // Sorted by severity: critical first.
  await expect(open.getByTestId("severity").first()).toHaveText("critical");

  await open.getByLabel("Severity").selectOption("info");
  await expect(open.getByTestId("rows-shown")).toContainText(`of ${total.toLocaleString("en-US")} rows`);
  const infoRows = open.getByTestId("table-row");
  await expect(infoRows.first()).toContainText("icmp");
  for (const badge of await open.getByTestId("severity").allInnerTexts()) expect(badge).toBe("info");

  await open.getByLabel("Severity").selectOption("");
  await open.getByLabel("Search open ingress").fill("edge-eniOnly");
  await expect(open.getByTestId("table-row").first()).toContainText("6379");
  await expect(open.getByTestId("table-row").first()).toContainText("eni-only");
  await open.getByLabel("Search open ingress").fill("");

  // Sort by region, descending: the last region first.
  const regionHeader = open.getByRole("columnheader", { name: "Region" });
  await regionHeader.getByRole("button").click();
  await regionHeader.getByRole("button").click();
  await expect(regionHeader).toHaveAttribute("aria-sort", "descending");
  await expect(open.getByTestId("table-row").first()).toContainText("us-west-2");

  const untagged = untaggedSection(page);
  await untagged.getByLabel("Region").selectOption("eu-west-1");
  const cells = await untagged.getByRole("row").filter({ has: page.locator("td") }).allInnerTexts();
  expect(cells.length).toBeGreaterThan(3);
  for (const text of cells) expect(text).toContain("eu-west-1");
  await untagged.getByLabel("State").selectOption("stopped");
  await expect(untagged.getByTestId("table-row").first()).toContainText("stopped");
  await screenshot(page, "audit-report");
});

test("exports the open-ingress table as CSV", async ({ page }) => {
  await page.goto(firstAuditUrl);
  const open = openSection(page);
  const total = await rowsShown(open);
  const [download] = await Promise.all([page.waitForEvent("download"), open.getByTestId("export-open-ingress-csv").click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}-open-ingress\.csv$/);
  const csv = fs.readFileSync((await download.path())!, "utf8");
  const lines = csv.trim().split("\r\n");
  expect(lines[0]).toBe("account,accountName,region,instanceId,name,state,groupId,groupName,protocol,fromPort,toPort,cidr,severity,firstSeenAt,isNew,suppressedBy");
  expect(lines.length - 1).toBe(total);
  expect(lines.some((l) => /^self,.*,edge-sshOpen,tcp,22,22,0\.0\.0\.0\/0,critical,[\d-]+T[\d:.]+Z,false,$/.test(l))).toBe(true);
  expect(csv).not.toContain("AKIAFAKEDEMO");
});

test("two scans compare as new, resolved and unchanged findings", async ({ page }) => {
  await page.goto("/audits");
  await page.getByLabel("Required tag keys").fill("Owner, Environment");
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page).toHaveURL(/\/audits\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("audit-status")).toHaveText("done", { timeout: 30_000 });

  await page.goto("/audits");
  await expect(page.locator('[data-testid^="audit-row-"]')).toHaveCount(2);
  await screenshot(page, "audits-history");
  await page.getByRole("link", { name: "Compare two scans" }).click();
  await page.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(/\/audits\/compare\?base=.+&target=.+/);
  const newTab = page.getByTestId("tab-new");
  await expect(newTab).toHaveText(/New \([1-9][\d,]*\)/);
  await expect(page.getByTestId("tab-unchanged")).toHaveText(/Unchanged \([1-9][\d,]*\)/);
  await expect(page.getByTestId("tab-resolved")).toHaveText("Resolved (0)");
  // New: instances missing Environment, which the first scan did not ask for.
  await expect(page.getByTestId("table-row").first()).toContainText("missing");
  await expect(page.getByTestId("table-row").first()).toContainText("Environment");
  await screenshot(page, "audits-compare");

  // Keyboard: arrows move between the tabs.
  await newTab.focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("tab-resolved")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByText("Nothing here.")).toBeVisible();
});

test("a running scan can be stopped from its report", async ({ page }) => {
  await page.goto("/audits");
  await page.getByLabel("Required tag keys").fill("Team");
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page).toHaveURL(/\/audits\/[0-9a-f-]{36}$/);
  stoppedAuditUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("audit-status")).toHaveText("running");
  await page.getByRole("button", { name: "Stop scan" }).click();
  await expect(page.getByTestId("audit-status")).toHaveText("stopped");
  await expect(page.getByTestId("audit-error")).toHaveText(/^Stopped: stopped by local before it finished/);
  await expect(page.getByRole("button", { name: "Stop scan" })).toHaveCount(0);
  // Regions it had not finished say so, instead of "scanning" forever.
  await expect(page.getByRole("row", { name: /scanning/ })).toHaveCount(0);
  await expect(page.getByRole("row", { name: /not finished/ }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Scan again" })).toBeVisible();
  await screenshot(page, "audit-stopped");
  // The history shows it as stopped.
  await page.goto("/audits");
  await expect(page.locator('[data-testid^="audit-row-"]').first()).toContainText("stopped");
  await expect(page.locator('[data-testid^="audit-row-"]')).toHaveCount(3);
});

test("a finished audit can be deleted from its report, after a confirmation", async ({ page }) => {
  await page.goto(stoppedAuditUrl);
  await expect(page.getByTestId("audit-status")).toHaveText("stopped");
  await page.getByRole("button", { name: "Delete" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete this audit?" });
  await expect(dialog).toBeVisible();
  await screenshot(page, "audit-delete-confirm");
  // Cancel keeps it; confirming removes it and opens the history.
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toBeHidden();
  await page.getByRole("button", { name: "Delete" }).click();
  await dialog.getByRole("button", { name: "Delete audit" }).click();
  await expect(page).toHaveURL(/\/audits$/);
  await expect(page.locator('[data-testid^="audit-row-"]')).toHaveCount(2);
  await expect(page.locator('[data-testid^="audit-row-"]').first()).not.toContainText("stopped");
});

test("an unknown audit says so", async ({ page }) => {
  const res = await page.goto("/audits/00000000-0000-0000-0000-000000000000");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Audit not found" })).toBeVisible();
});
