// Organisation audits in the browser: accounts imported from the fake AWS Organizations, a scan of
// every account through the fake STS (sandbox's role is denied), suppressions, first-seen and new
// findings, trends, schedules and the alert webhook (a real receiver started here), and the
// fleet questions. See scripts/fake-ec2.mjs for the fake endpoints the server is given.
import fs from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";

// Screenshots for a person to look at (E2E_SCREENSHOTS=/tmp/… keeps them out of the repository).
const shots = path.resolve(process.env.E2E_SCREENSHOTS ?? "test-results/screens");
const PROD = "111111111111";
const STAGING = "222222222222";
const SANDBOX = "333333333333";

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

test.describe.configure({ mode: "serial" });

let reportUrl = "";
const openSection = (page: Page) => page.getByRole("region", { name: /^Open to the internet/ });
const shown = async (page: Page) => Number((await openSection(page).getByTestId("rows-shown").first().innerText()).match(/^([\d,]+)/)![1]!.replace(/,/g, ""));

test("imports the organisation's accounts, and refuses a bad account with the reason", async ({ page }) => {
  await page.goto("/audits");
  await page.getByRole("navigation", { name: "Audits" }).getByRole("link", { name: "Accounts" }).click();
  await expect(page.getByRole("heading", { name: "No accounts yet" })).toBeVisible();

  const add = page.getByRole("form", { name: "Add an account" });
  await add.getByLabel("Account id").fill("1234");
  await add.getByRole("button", { name: "Save account" }).click();
  await expect(add.getByRole("alert")).toContainText("accountId: an account id is 12 digits");

  const importForm = page.getByRole("form", { name: "Import from AWS Organizations" });
  await expect(importForm.getByLabel("Role name")).toHaveValue("FleetscopeAudit");
  await importForm.getByRole("button", { name: "Import accounts" }).click();
  await expect(importForm.getByRole("status")).toHaveText("Accounts imported.");
  for (const id of [PROD, STAGING, SANDBOX]) await expect(page.getByTestId(`account-row-${id}`)).toContainText(`arn:aws:iam::${id}:role/FleetscopeAudit`);
  await expect(page.getByTestId(`account-row-${SANDBOX}`)).toContainText("AWS Organizations");
  await screenshot(page, "audit-accounts");
});

test("a scan of every account: the denied one is one failed row with STS's reason, the others complete", async ({ page }) => {
  await page.goto("/audits");
  await expect(page.getByLabel("All registered accounts (3)")).toBeChecked();
  await page.getByRole("button", { name: "Start scan" }).click();
  await expect(page).toHaveURL(/\/audits\/[0-9a-f-]{36}$/);
  reportUrl = new URL(page.url()).pathname;
  await expect(page.getByTestId("audit-status")).toHaveText("done", { timeout: 40_000 });
  await expect(page.getByTestId("card-accounts")).toContainText("1 failed");
  const denied = page.getByTestId(`region-row-${SANDBOX}-*`);
  await expect(denied).toContainText("every region (role not assumed)");
  await expect(denied.getByTestId("region-error")).toContainText(`AccessDenied: User: arn:aws:iam::000000000000:user/fleetscope is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${SANDBOX}:role/FleetscopeAudit`);
  await expect(page.getByTestId(`region-row-${PROD}-us-east-1`)).toContainText("done");
  await expect(page.getByTestId(`region-row-${STAGING}-eu-west-1`)).toContainText("done");
  // Accounts by name, the id beside it.
  await expect(page.getByTestId(`region-row-${PROD}-us-east-1`).getByTestId("account-name")).toHaveText(`prod ${PROD}`);
  await expect(denied.getByTestId("account-name")).toHaveText(`sandbox ${SANDBOX}`);

  // The account filter of the findings tables.
  const open = openSection(page);
  const total = await shown(page);
  await expect(open.getByLabel("Account").first().locator("option")).toHaveText(["all accounts", `prod (${PROD})`, `staging (${STAGING})`]);
  await open.getByLabel("Account").first().selectOption(STAGING);
  await expect(open.getByTestId("rows-shown").first()).toContainText(`of ${total.toLocaleString("en-US")} rows`);
  const rows = await open.getByTestId("table-row").allInnerTexts();
  expect(rows.length).toBeGreaterThan(0);
  for (const text of rows) expect(text).toContain("staging");
  // The findings tables name the account, its id on hover.
  await expect(open.getByTestId("table-row").first().getByTestId("account-name")).toHaveAttribute("title", `staging (${STAGING})`);
  await screenshot(page, "audit-org-report");
});

test("a suppression mutes what it matches: not counted, shown apart", async ({ page }) => {
  await page.goto("/audits/suppressions");
  await expect(page.getByRole("heading", { name: "Nothing is muted" })).toBeVisible();
  const form = page.getByRole("form", { name: "Add a suppression" });
  await form.getByLabel("Instance id").fill("web-1");
  await form.getByLabel("Reason").fill("typo");
  await form.getByRole("button", { name: "Add suppression" }).click();
  await expect(form.getByRole("alert")).toContainText("not an instance id");
  await form.getByLabel("Instance id").fill("");
  await form.getByLabel("Account").fill(STAGING);
  await form.getByLabel("Reason").fill("load-testing account");
  await form.getByRole("button", { name: "Add suppression" }).click();
  await expect(page.getByRole("table", { name: "Suppressions" })).toContainText("load-testing account");

  await page.goto(reportUrl);
  await expect(page.getByTestId("card-muted")).not.toContainText(/^Muted0/);
  const muted = openSection(page).getByTestId("muted-findings");
  await muted.locator("summary").click();
  const mutedRows = await muted.getByTestId("table-row").allInnerTexts();
  expect(mutedRows.length).toBeGreaterThan(0);
  for (const text of mutedRows) expect(text).toContain("staging");
  // The counted table has none of the muted account's rules any more (one account left: no account filter).
  await expect(openSection(page).getByRole("table", { name: "Open ingress", exact: true }).getByTestId("table-row").first()).toBeVisible();
  for (const text of await openSection(page).getByRole("table", { name: "Open ingress", exact: true }).getByTestId("table-row").allInnerTexts()) expect(text).not.toContain("staging");
  await screenshot(page, "audit-muted");
});

test("a second scan leads with what is new, keeps first-seen dates, and the Audits page draws the trend", async ({ page }) => {
  await page.goto(reportUrl);
  await page.getByRole("button", { name: "Scan again" }).click();
  await expect(page).not.toHaveURL(new RegExp(`${reportUrl}$`));
  await expect(page.getByTestId("audit-status")).toHaveText("done", { timeout: 40_000 });
  await expect(page.getByTestId("new-findings")).toContainText("New since the previous scan (0)");
  await expect(openSection(page).getByRole("columnheader", { name: "First seen" }).first()).toBeVisible();

  // The comparison with the first scan names the accounts too, in its rows and its filter.
  await page.getByRole("link", { name: "Compare with the previous scan" }).click();
  await expect(page.getByTestId("tab-unchanged")).toBeVisible();
  await page.getByTestId("tab-unchanged").click();
  await expect(page.getByRole("table").getByTestId("account-name").first()).toHaveText(/^(prod|staging)$/);
  await expect(page.getByRole("table").getByTestId("account-name").first()).toHaveAttribute("title", /^(prod \(111111111111\)|staging \(222222222222\))$/);
  await expect(page.locator("select").filter({ has: page.locator("option", { hasText: "all accounts" }) }).locator("option")).toContainText([`prod (${PROD})`]);
  await screenshot(page, "audit-org-compare");

  await page.goto("/audits");
  const chart = page.getByTestId("trend-chart").filter({ hasText: "all accounts" });
  await expect(chart).toContainText("2 scans");
  await expect(chart.locator("svg .recharts-line").first()).toBeVisible();
  await expect(page.getByRole("img", { name: /^Trend of all accounts/ })).toBeVisible();
  await screenshot(page, "audits-trends");
});

test("a schedule and the alert webhook: validated, masked, and a test message reaches the receiver", async ({ page }) => {
  const received: string[] = [];
  const receiver = createServer((request, response) => {
    let body = "";
    request.on("data", (c: Buffer) => (body += c.toString()));
    request.on("end", () => {
      received.push(body);
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T1/B1/e2eSecretToken42`;
  try {
    await page.goto("/audits/schedules");
    const schedule = page.getByRole("form", { name: "Add a schedule" });
    await schedule.getByLabel("Every (hours)").fill("12");
    await schedule.getByRole("button", { name: "Add schedule" }).click();
    await expect(page.getByRole("table", { name: "Schedules" })).toContainText("12 h");

    const webhook = page.getByRole("form", { name: "Alert webhook" });
    await webhook.getByLabel("Webhook URL").fill("http://169.254.169.254/latest");
    await webhook.getByRole("button", { name: "Save webhook" }).click();
    await expect(webhook.getByRole("alert")).toContainText("link-local");
    await webhook.getByLabel("Webhook URL").fill(url);
    await webhook.getByRole("button", { name: "Save webhook" }).click();
    await expect(page.getByTestId("webhook-current")).toContainText("/services/…en42");
    await expect(page.locator("body")).not.toContainText("e2eSecretToken42");
    await webhook.getByRole("button", { name: "Send a test message" }).click();
    await expect(webhook.getByRole("status").filter({ hasText: "Test message sent." })).toBeVisible();
    expect(JSON.parse(received.at(-1)!).text).toMatch(/^Fleetscope test message/);
    await screenshot(page, "audit-schedules");
  } finally {
    receiver.closeAllConnections();
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test("the seed's three questions and the API description, as an agent would call them", async ({ request }) => {
  const counts = await request.get("/api/fleet/counts?accounts=all&regions=all");
  expect(counts.status()).toBe(200);
  const body = (await counts.json()) as { regions: { account: string }[]; failedAccounts: { account: string }[] };
  expect(new Set(body.regions.map((r) => r.account))).toEqual(new Set([PROD, STAGING]));
  expect(body.failedAccounts.map((a) => a.account)).toEqual([SANDBOX]);
  const open = (await (await request.get("/api/fleet/open-ingress?accounts=all")).json()) as { findings: { account: string }[]; muted: number };
  expect(open.muted).toBeGreaterThan(0);
  expect(open.findings.every((f) => f.account !== STAGING)).toBe(true);
  const spec = (await (await request.get("/api/openapi.json")).json()) as { openapi: string; paths: Record<string, unknown> };
  expect(spec.openapi).toBe("3.1.0");
  expect(Object.keys(spec.paths)).toContain("/api/fleet/untagged");
});
