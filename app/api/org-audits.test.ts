// The organisation-audit API through its route handlers, with the unmodified SDK configured the
// standard way: AWS_ENDPOINT_URL_EC2, _STS and _ORGANIZATIONS point at the fake endpoints.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeInstance, fakeRegion, fakeSecurityGroup, startFakeEc2, type FakeEc2Server } from "@/fakes/ec2";
import { startFakeOrganizations, type FakeOrganizationsServer } from "@/fakes/organizations";
import { startFakeSts, type FakeStsServer } from "@/fakes/sts";
import type { AuditDto } from "@/lib/audits-store";
import { freshDataDir, json, params, req } from "./_testing/harness";

const PROD = "111111111111";
const DENIED = "333333333333";
const VIEWER = { kind: "token", id: "t1", name: "ci", role: "viewer" } as const;

let ec2: FakeEc2Server;
let sts: FakeStsServer;
let orgs: FakeOrganizationsServer;
const routes = {} as {
  accounts: typeof import("./accounts/route");
  accountImport: typeof import("./accounts/import/route");
  audits: typeof import("./audits/route");
  audit: typeof import("./audits/[id]/route");
  findings: typeof import("./audits/[id]/findings/route");
  suppressions: typeof import("./suppressions/route");
  suppression: typeof import("./suppressions/[id]/route");
  schedules: typeof import("./audit-schedules/route");
  schedule: typeof import("./audit-schedules/[id]/route");
  webhook: typeof import("./alerts/webhook/route");
  webhookTest: typeof import("./alerts/webhook/test/route");
  counts: typeof import("./fleet/counts/route");
  untagged: typeof import("./fleet/untagged/route");
  openIngress: typeof import("./fleet/open-ingress/route");
  openapi: typeof import("./openapi.json/route");
  exportCsv: typeof import("./audits/[id]/export.csv/route");
  exportJson: typeof import("./audits/[id]/export.json/route");
};

const ssh = fakeSecurityGroup("sg-0000000000000aaaa", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }]);

beforeAll(async () => {
  const own = { ownerId: "999999999999", regions: [fakeRegion("us-east-1", [fakeInstance("i-00000000000000099", { tags: { Owner: "me" } })], [])] };
  const prod = { ownerId: PROD, regions: [fakeRegion("us-east-1", [fakeInstance("i-0000000000000001a", { tags: { Name: "bastion" }, groups: [ssh] })], [ssh])] };
  ec2 = await startFakeEc2({ fleet: own, accounts: { [PROD]: prod }, port: 0 });
  sts = await startFakeSts({ accounts: [{ accountId: PROD }, { accountId: DENIED, denied: true }] });
  orgs = await startFakeOrganizations({ accounts: [{ id: PROD, name: "prod" }, { id: DENIED, name: "sandbox", status: "SUSPENDED" }] });
  freshDataDir({
    AWS_ENDPOINT_URL_EC2: ec2.url,
    AWS_ENDPOINT_URL_STS: sts.url,
    AWS_ENDPOINT_URL_ORGANIZATIONS: orgs.url,
    AWS_ACCESS_KEY_ID: "AKIAAPITESTKEY000002",
    AWS_SECRET_ACCESS_KEY: "orgApiTestSecret/0123456789abcdefgh",
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  routes.accounts = await import("./accounts/route");
  routes.accountImport = await import("./accounts/import/route");
  routes.audits = await import("./audits/route");
  routes.audit = await import("./audits/[id]/route");
  routes.findings = await import("./audits/[id]/findings/route");
  routes.suppressions = await import("./suppressions/route");
  routes.suppression = await import("./suppressions/[id]/route");
  routes.schedules = await import("./audit-schedules/route");
  routes.schedule = await import("./audit-schedules/[id]/route");
  routes.webhook = await import("./alerts/webhook/route");
  routes.webhookTest = await import("./alerts/webhook/test/route");
  routes.counts = await import("./fleet/counts/route");
  routes.untagged = await import("./fleet/untagged/route");
  routes.openIngress = await import("./fleet/open-ingress/route");
  routes.openapi = await import("./openapi.json/route");
  routes.exportCsv = await import("./audits/[id]/export.csv/route");
  routes.exportJson = await import("./audits/[id]/export.json/route");
});

afterAll(async () => {
  const { auditStore } = await import("@/lib/audits-store");
  await auditStore().idle();
  await Promise.all([ec2.close(), sts.close(), orgs.close()]);
});

const post = (path: string, body: unknown, principal?: typeof VIEWER) => req(path, { method: "POST", body: JSON.stringify(body) }, principal);
async function untilDone(id: string): Promise<AuditDto> {
  for (let i = 0; i < 500; i++) {
    const { audit } = await json<{ audit: AuditDto }>(await routes.audit.GET(req(`/api/audits/${id}`), params({ id })));
    if (audit.status !== "running") return audit;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("audit did not finish");
}

describe("accounts", () => {
  it.each([
    [{ accountId: "12", roleArn: "arn:aws:iam::12:role/x" }, /^accountId: an account id is 12 digits/],
    [{ accountId: PROD, roleArn: "FleetscopeAudit" }, /^roleArn: not a role ARN/],
    [{ accountId: PROD, roleArn: `arn:aws:iam::${DENIED}:role/FleetscopeAudit` }, /^roleArn: the role must be in the account itself/],
  ])("answers 400 for %j", async (body, message) => {
    const res = await routes.accounts.POST(post("/api/accounts", body), params({}));
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toMatch(message);
  });

  it("imports the organisation through AWS_ENDPOINT_URL_ORGANIZATIONS, lists the accounts, refuses a viewer", async () => {
    const res = await routes.accountImport.POST(post("/api/accounts/import", { roleName: "FleetscopeAudit" }), params({}));
    expect(res.status).toBe(201);
    const { accounts } = await json<{ accounts: { accountId: string; orgStatus: string }[] }>(await routes.accounts.GET(req("/api/accounts"), params({})));
    expect(accounts.map((a) => [a.accountId, a.orgStatus])).toEqual([[PROD, "ACTIVE"], [DENIED, "SUSPENDED"]]);
    expect((await routes.accounts.POST(post("/api/accounts", { accountId: PROD, roleArn: `arn:aws:iam::${PROD}:role/X` }, VIEWER), params({}))).status).toBe(403);
  });
});

describe("a scan of every account, suppressions and the fleet questions", () => {
  let audit: AuditDto;

  it("404s the fleet questions before any scan, saying how to start one", async () => {
    const res = await routes.counts.GET(req("/api/fleet/counts?regions=all&accounts=all"), params({}));
    expect(res.status).toBe(404);
    expect((await json<{ error: string }>(res)).error).toMatch(/POST \/api\/audits .*fresh=1/);
  });

  it("fresh=1 scans first (operators only) and answers when the scan ends", async () => {
    expect((await routes.counts.GET(req("/api/fleet/counts?accounts=all&fresh=1", undefined, VIEWER), params({}))).status).toBe(403);
    const res = await routes.counts.GET(req("/api/fleet/counts?accounts=all&regions=all&fresh=1"), params({}));
    expect(res.status).toBe(200);
    const body = await json<{ audit: { id: string; finishedAt: string }; regions: { account: string; region: string; total: number }[]; failedAccounts: { account: string; error: string }[] }>(res);
    expect(body.regions).toEqual([expect.objectContaining({ account: PROD, region: "us-east-1", total: 1 })]);
    expect(body.failedAccounts).toEqual([{ account: DENIED, error: expect.stringMatching(/^AccessDenied: .*sts:AssumeRole/) }]);
    audit = await untilDone(body.audit.id);
    expect(audit.finishedAt).toBe(body.audit.finishedAt);
  });

  it("answers from the latest finished scan of the scope, and never from another scope", async () => {
    const open = await json<{ audit: { id: string }; findings: { account: string; instanceId: string }[] }>(await routes.openIngress.GET(req("/api/fleet/open-ingress?accounts=all", undefined, VIEWER), params({})));
    expect(open.audit.id).toBe(audit.id);
    expect(open.findings.map((f) => [f.account, f.instanceId])).toEqual([[PROD, "i-0000000000000001a"]]);
    const untagged = await json<{ findings: { instanceId: string }[] }>(await routes.untagged.GET(req("/api/fleet/untagged?accounts=all&tags=Owner"), params({})));
    expect(untagged.findings.map((f) => f.instanceId)).toEqual(["i-0000000000000001a"]);
    expect((await routes.untagged.GET(req("/api/fleet/untagged?accounts=all&tags=Team"), params({}))).status).toBe(404);
    expect((await routes.counts.GET(req("/api/fleet/counts?regions=eu-west-1"), params({}))).status).toBe(404);
    expect((await routes.counts.GET(req("/api/fleet/counts?regions=Narnia"), params({}))).status).toBe(400);
  });

  it("filters findings by account", async () => {
    const mine = await json<{ findings: unknown[] }>(await routes.findings.GET(req(`/api/audits/${audit.id}/findings?kind=untagged&account=${PROD}`), params({ id: audit.id })));
    expect(mine.findings).toHaveLength(1);
    const other = await json<{ findings: unknown[] }>(await routes.findings.GET(req(`/api/audits/${audit.id}/findings?kind=untagged&account=${DENIED}`), params({ id: audit.id })));
    expect(other.findings).toEqual([]);
  });

  it("exports name each finding's and region's account beside its id (CSV and JSON)", async () => {
    const csv = await (await routes.exportCsv.GET(req(`/api/audits/${audit.id}/export.csv?kind=untagged`), params({ id: audit.id }))).text();
    const [header, row] = csv.trim().split("\r\n");
    expect(header!.split(",").slice(0, 2)).toEqual(["account", "accountName"]);
    expect(row!.split(",").slice(0, 2)).toEqual([PROD, "prod"]);
    const body = JSON.parse(await (await routes.exportJson.GET(req(`/api/audits/${audit.id}/export.json?kind=untagged`), params({ id: audit.id }))).text()) as { findings: { account: string; accountName: string | null }[] };
    expect(body.findings[0]).toMatchObject({ account: PROD, accountName: "prod" });
    const regions = JSON.parse(await (await routes.exportJson.GET(req(`/api/audits/${audit.id}/export.json?kind=regions`), params({ id: audit.id }))).text()) as { regions: { account: string; accountName: string | null }[] };
    expect(regions.regions.find((r) => r.account === PROD)).toMatchObject({ accountName: "prod" });
  });

  it("suppressions: 400 for a bad match, 201 and muting, listed, deleted with 204", async () => {
    const bad = await routes.suppressions.POST(post("/api/suppressions", { match: { groupId: "web" }, reason: "x" }), params({}));
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/^match\.groupId: not a security group id/);
    const created = await routes.suppressions.POST(post("/api/suppressions", { match: { groupId: "sg-0000000000000aaaa", account: PROD }, reason: "bastion" }), params({}));
    expect(created.status).toBe(201);
    const { suppression } = await json<{ suppression: { id: string; createdBy: string } }>(created);
    expect(suppression.createdBy).toBe("local");
    const open = await json<{ findings: unknown[]; muted: number }>(await routes.openIngress.GET(req("/api/fleet/open-ingress?accounts=all"), params({})));
    expect(open).toMatchObject({ findings: [], muted: 1 });
    const { audit: now } = await json<{ audit: AuditDto }>(await routes.audit.GET(req(`/api/audits/${audit.id}`), params({ id: audit.id })));
    expect(now.summary).toMatchObject({ openIngress: 0, muted: { openIngress: 1, untagged: 1 } });
    expect((await json<{ suppressions: unknown[] }>(await routes.suppressions.GET(req("/api/suppressions"), params({})))).suppressions).toHaveLength(1);
    expect((await routes.suppression.DELETE(req(`/api/suppressions/${suppression.id}`, { method: "DELETE" }), params({ id: suppression.id }))).status).toBe(204);
    expect((await routes.suppression.DELETE(req(`/api/suppressions/${suppression.id}`, { method: "DELETE" }), params({ id: suppression.id }))).status).toBe(404);
  });
});

describe("schedules and the webhook", () => {
  it("creates, lists and deletes a schedule; 400 for a bad interval", async () => {
    expect((await routes.schedules.POST(post("/api/audit-schedules", { everyHours: 0 }), params({}))).status).toBe(400);
    const res = await routes.schedules.POST(post("/api/audit-schedules", { everyHours: 6, accounts: "all" }), params({}));
    expect(res.status).toBe(201);
    const { schedule } = await json<{ schedule: { id: string; regions: string; requiredTags: string[] } }>(res);
    expect(schedule).toMatchObject({ regions: "all", requiredTags: ["Owner"] });
    expect((await json<{ schedules: unknown[] }>(await routes.schedules.GET(req("/api/audit-schedules"), params({})))).schedules).toHaveLength(1);
    expect((await routes.schedule.DELETE(req(`/api/audit-schedules/${schedule.id}`, { method: "DELETE" }), params({ id: schedule.id }))).status).toBe(204);
  });

  it("validates the webhook URL, never echoes it in full, and 409s a test without one", async () => {
    expect((await routes.webhookTest.POST(req("/api/alerts/webhook/test", { method: "POST" }), params({}))).status).toBe(409);
    const bad = await routes.webhook.PUT(req("/api/alerts/webhook", { method: "PUT", body: JSON.stringify({ url: "http://169.254.169.254/hook" }) }), params({}));
    expect(bad.status).toBe(400);
    const secret = "https://hooks.example.com/services/T0/B0/verysecretvalue9876";
    const set = await routes.webhook.PUT(req("/api/alerts/webhook", { method: "PUT", body: JSON.stringify({ url: secret }) }), params({}));
    const text = await set.text();
    expect(set.status).toBe(200);
    expect(text).not.toContain("verysecretvalue");
    expect(JSON.parse(text).webhook.url).toBe("https://hooks.example.com/services/…9876");
    const got = await (await routes.webhook.GET(req("/api/alerts/webhook", undefined, VIEWER), params({}))).text();
    expect(got).not.toContain("verysecretvalue");
  });
});

describe("GET /api/openapi.json", () => {
  it("serves OpenAPI 3.1 naming the organisation endpoints", async () => {
    const doc = await json<{ openapi: string; paths: Record<string, object> }>(await routes.openapi.GET(req("/api/openapi.json", undefined, VIEWER), params({})));
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/api/fleet/counts", "/api/accounts", "/api/suppressions/{id}", "/api/audits/{id}/findings"]));
  });
});
