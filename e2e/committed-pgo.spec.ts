// The refresh check in the browser: mark a stored merge as the default.pgo in the repository, see
// each service's hot share as a chart, then watch it turn to "refresh recommended" when a service's
// hot path moves. Profiles are written by the real Go runtime (testing/goservices) during the test.
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { goServiceProfile } from "../testing/go-toolchain";

const shots = path.resolve("test-results/screens");
const SERVICES = { users: "fresh-users", search: "fresh-search" } as const;

async function screenshot(page: Page, name: string) {
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
}

async function upload(request: APIRequestContext, bytes: Uint8Array, service: string): Promise<string> {
  const res = await request.post(`/api/profiles?service=${service}`, { data: Buffer.from(bytes) });
  expect([200, 201]).toContain(res.status());
  return (await res.json()).profile.id;
}

test.describe.configure({ mode: "serial" });

let mergeId = "";

test.beforeAll(async ({ request }) => {
  const [users, search] = await Promise.all([goServiceProfile("users"), goServiceProfile("search")]);
  const profileIds = [await upload(request, users, SERVICES.users), await upload(request, search, SERVICES.search)];
  const res = await request.post("/api/merges", { data: { profileIds } });
  expect(res.status()).toBe(201);
  mergeId = (await res.json()).merge.id;
});

test.afterAll(async ({ request }) => {
  await request.delete("/api/pgo/committed");
});

test("a merge marked as committed is checked against each service's profiles, as a chart", async ({ page, request }) => {
  await page.goto("/merges");
  const panel = page.getByRole("region", { name: "The committed default.pgo" });
  await expect(panel.getByRole("form", { name: "Upload the committed default.pgo" })).toBeVisible();

  const row = page.getByTestId(`merge-row-${mergeId}`);
  await row.getByRole("button", { name: /Mark the merge of .* as the default.pgo in the repository/ }).click();
  await expect(row.getByText("committed")).toBeVisible();
  await expect(panel.getByTestId("freshness-verdict")).toHaveText(/Fresh/);
  const perService = panel.getByRole("table", { name: "Refresh check per service" });
  await expect(perService.getByRole("row")).toHaveCount(3);
  await expect(panel.getByTestId("freshness-chart").locator(".recharts-line")).toHaveCount(2);
  await screenshot(page, "committed-fresh");

  // The users service's hot path moves: its newest profile is the reports workload.
  await upload(request, await goServiceProfile("reports", 2), SERVICES.users);
  await page.reload();
  await expect(panel.getByTestId("freshness-verdict")).toHaveText(new RegExp(`Refresh recommended: ${SERVICES.users}`));
  // One point per profile: two on the users line now, one on the search line.
  await expect(panel.getByTestId("freshness-chart").locator("circle.recharts-dot")).toHaveCount(3);
  // The hot functions the committed file never saw, heaviest first: the row shows the first of them
  // (which come first depends on where the Go runtime's samples fell), the report lists the
  // service's own new code among them.
  const { trend } = await (await request.get("/api/pgo/committed")).json();
  const users = trend.report.services.find((s: { service: string }) => s.service === SERVICES.users);
  expect(users.unknownHotFunctions.some((name: string) => name.startsWith("fleetscope.test/goservices/services."))).toBe(true);
  await expect(perService.getByRole("row", { name: new RegExp(SERVICES.users) })).toContainText(users.unknownHotFunctions[0]);
  await screenshot(page, "committed-stale");
});

test("an upload that is not a profile is refused with the reason, and nothing is marked", async ({ page, request }) => {
  await request.delete("/api/pgo/committed");
  await page.goto("/merges");
  const form = page.getByRole("form", { name: "Upload the committed default.pgo" });
  await form.getByLabel("Committed file").setInputFiles({ name: "default.pgo", mimeType: "application/octet-stream", buffer: Buffer.from("<html>nope</html>") });
  await form.getByLabel("Services it serves").fill(SERVICES.search);
  await form.getByRole("button", { name: "Upload" }).click();
  await expect(form.getByRole("alert")).toContainText(/HTML|not a profile/i);
  expect((await (await request.get("/api/pgo/committed")).json()).committed).toBeNull();
});
