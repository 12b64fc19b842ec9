// Organisation audits through the store: registered accounts scanned with AssumeRole on the fake
// STS, first-seen times across scans, suppressions, schedules and their webhook alerts (a real
// HTTP receiver started here), all through the unmodified SDK clients.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditRequestSchema, clearRegionCache } from "../audit";
import { FAKE_CREDENTIALS, fakeInstance, fakeRegion, fakeSecurityGroup, startFakeEc2, type FakeEc2Server, type FakeFleet } from "../../fakes/ec2";
import { startFakeOrganizations, type FakeOrganizationsServer } from "../../fakes/organizations";
import { startFakeSts, type FakeStsServer } from "../../fakes/sts";
import { runDueSchedules } from "../schedules/scheduler";
import type { Db } from "../db/client";
import type { LocalBlobStore } from "../storage";
import { eventually, fakeStore, freshDatabase } from "../../testing/audit-store";
import { importFromOrganizations, listAccounts, saveAccount } from "./accounts";
import { sendScanAlert } from "./alerts";
import type { AuditStore } from "./audit-store";
import { addSchedule, auditScheduleJob } from "./schedules";
import { addSuppression, deleteSuppression } from "./suppressions-store";
import { maskWebhookUrl, sendTestMessage, setWebhook, webhookUrlSchema } from "./webhook";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const PROD = "111111111111";
const STAGING = "222222222222";
const DENIED = "333333333333";
const role = (account: string) => `arn:aws:iam::${account}:role/FleetscopeAudit`;

const ssh = fakeSecurityGroup("sg-0000000000000aaaa", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }], { groupName: "bastion-ssh" });
const db3306 = fakeSecurityGroup("sg-0000000000000bbbb", [{ protocol: "tcp", fromPort: 3306, toPort: 3306, cidrs: ["0.0.0.0/0"] }], { groupName: "mysql-open" });

function prodFleet(extra = false): FakeFleet {
  const instances = [
    fakeInstance("i-0000000000000001a", { tags: { Name: "bastion", Role: "bastion" }, groups: [ssh] }),
    fakeInstance("i-0000000000000002a", { tags: { Name: "web", Owner: "web-team" } }),
  ];
  if (extra) instances.push(fakeInstance("i-0000000000000003a", { tags: { Name: "db", Owner: "data" }, groups: [db3306] }));
  return { ownerId: PROD, regions: [fakeRegion("us-east-1", instances, [ssh, db3306])] };
}
const stagingFleet: FakeFleet = {
  ownerId: STAGING,
  regions: [fakeRegion("us-east-1", [], []), fakeRegion("eu-west-1", [fakeInstance("i-0000000000000004b", { tags: { Name: "ci" } })], [])],
};

let ec2: FakeEc2Server;
let sts: FakeStsServer;
let orgs: FakeOrganizationsServer;
let db: Db;
let blobs: LocalBlobStore;
let store: AuditStore;
let receiver: { server: Server; url: string; posts: string[]; mode: "ok" | "500" | "slow" };

const stsConfig = () => ({ endpoint: sts.url, region: "us-east-1", credentials: { ...FAKE_CREDENTIALS } });
const makeStore = (alertTimeoutMs = 2000) =>
  fakeStore({ db, blobs }, ec2.url, {
    assumeRole: { stsClientConfig: stsConfig() },
    afterScheduledScan: (audit, findings) => sendScanAlert(db, audit, findings, { publicUrl: "http://fleetscope.test", timeoutMs: alertTimeoutMs }),
  });
const finished = (id: string) => eventually(async () => ((await store.get(id)).status !== "running" ? store.get(id) : undefined));
const scanAll = async () => finished((await store.start(auditRequestSchema.parse({ accounts: "all", regions: "all" }), "alice")).audit.id);

beforeAll(async () => {
  ec2 = await startFakeEc2({ fleet: { ownerId: "000000000000", regions: [] }, accounts: { [PROD]: prodFleet(), [STAGING]: stagingFleet }, port: 0 });
  sts = await startFakeSts({ accounts: [{ accountId: PROD }, { accountId: STAGING }, { accountId: DENIED, denied: true }] });
  orgs = await startFakeOrganizations({
    accounts: [
      { id: PROD, name: "prod" },
      { id: STAGING, name: "staging" },
      { id: DENIED, name: "sandbox", status: "SUSPENDED" },
    ],
    pageSize: 2,
  });
  const posts: string[] = [];
  receiver = { posts, mode: "ok", url: "", server: createServer() };
  receiver.server.on("request", (request, response) => {
    let body = "";
    request.on("data", (c: Buffer) => (body += c.toString()));
    request.on("end", () => {
      posts.push(body);
      if (receiver.mode === "500") return void response.writeHead(500).end("boom");
      if (receiver.mode === "slow") return void setTimeout(() => response.writeHead(200).end("ok"), 1500);
      response.writeHead(200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}/services/T000/B000/secretpart1234`;
  ({ db, blobs } = freshDatabase());
  store = makeStore();
});
afterAll(async () => {
  await store?.idle();
  await Promise.all([ec2.close(), sts.close(), orgs.close()]);
  receiver.server.closeAllConnections();
  await new Promise((resolve) => receiver.server.close(resolve));
  await db.$disconnect();
});
beforeEach(() => {
  clearRegionCache();
  receiver.mode = "ok";
  receiver.posts.length = 0;
});

describe("accounts", () => {
  it("imports every account of the organisation (every page of ListAccounts), one role name in each", async () => {
    const saved = await importFromOrganizations(db, { roleName: "FleetscopeAudit" }, "alice", { endpoint: orgs.url, region: "us-east-1", credentials: { ...FAKE_CREDENTIALS } });
    expect(saved.map((a) => [a.accountId, a.roleArn, a.orgStatus])).toEqual([
      [PROD, role(PROD), "ACTIVE"],
      [STAGING, role(STAGING), "ACTIVE"],
      [DENIED, role(DENIED), "SUSPENDED"],
    ]);
    expect(orgs.stats.calls).toBe(2);
    orgs.update({ denied: true });
    await expect(importFromOrganizations(db, { roleName: "FleetscopeAudit" }, "alice", { endpoint: orgs.url, region: "us-east-1", credentials: { ...FAKE_CREDENTIALS } })).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/AccessDeniedException.*management account or a delegated administrator/),
    });
    orgs.update({ denied: false });
    expect((await listAccounts(db)).map((a) => a.name)).toEqual(["prod", "sandbox", "staging"]);
  });

  it("scans every registered account: the denied one is one failed row with STS's reason, the others complete", async () => {
    const audit = await scanAll();
    expect(audit.status).toBe("done");
    expect(audit.regions.map((r) => [r.account, r.region, r.status])).toEqual([
      [PROD, "us-east-1", "ok"],
      [STAGING, "eu-west-1", "ok"],
      [STAGING, "us-east-1", "ok"],
      [DENIED, "*", "error"],
    ]);
    expect(audit.regions[3]!.error).toMatch(/^AccessDenied: User: .* is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::333333333333:role\/FleetscopeAudit/);
    expect(audit.accounts.map((a) => [a.accountId, a.status])).toEqual([[PROD, "ok"], [STAGING, "ok"], [DENIED, "error"]]);
    expect(audit.summary).toMatchObject({ instances: 3, failedAccounts: 1, failedRegions: 0, untagged: 2, openIngress: 1 });
    expect(audit.accountsRequested).toBe("all");
  });

  it("filters findings, exports and comparisons by account", async () => {
    const [latest] = await store.list();
    expect((await store.findings(latest!.id, "untagged", STAGING)).map((f) => f.instanceId)).toEqual(["i-0000000000000004b"]);
    const csv = (await store.export(latest!.id, "untagged", "csv", PROD)).body.trim().split("\r\n");
    expect(csv.slice(1).map((l) => l.split(",")[0])).toEqual([PROD]);
    const regions = (await store.export(latest!.id, "regions", "csv")).body;
    expect(regions).toContain(`${DENIED},sandbox,*,error`);
    const diff = await store.compare(latest!.id, latest!.id, STAGING);
    expect(diff.unchanged.map((r) => r.account)).toEqual([STAGING]);
  });

  it("refuses a scan of an account that is not registered", async () => {
    await expect(store.start(auditRequestSchema.parse({ accounts: ["444444444444"] }), "alice")).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/not registered/) });
    await saveAccount(db, { accountId: "444444444444", roleArn: "arn:aws:iam::444444444444:role/X" }, "alice");
    expect((await listAccounts(db)).find((a) => a.accountId === "444444444444")?.name).toBe("444444444444");
    await db.auditAccount.delete({ where: { accountId: "444444444444" } });
  });
});

describe("first seen, new, and suppressions", () => {
  it("a second scan marks what appeared as new and keeps the first-seen time of the rest; the summary counts the new", async () => {
    const [previous] = await store.list();
    ec2.update({ accounts: { [PROD]: prodFleet(true), [STAGING]: stagingFleet } });
    const audit = await scanAll();
    const open = await store.findings(audit.id, "open-ingress");
    const byId = Object.fromEntries(open.map((f) => [f.instanceId, f]));
    expect(byId["i-0000000000000003a"]).toMatchObject({ isNew: true, newness: "new", firstSeenAt: audit.startedAt });
    expect(byId["i-0000000000000001a"]).toMatchObject({ isNew: false, newness: "seen", firstSeenAt: previous!.startedAt });
    expect(audit.summary.newFindings).toEqual({ untagged: 0, openIngress: 1, critical: 1 });
  });

  it("a suppression by tag mutes the bastion: not counted, marked with its id, in exports; deleting it un-mutes at once", async () => {
    const [latest] = await store.list();
    const before = await store.get(latest!.id);
    const suppression = await addSuppression(db, { match: { tag: "Role=bastion", account: PROD }, reason: "public bastion", expiresAt: null }, "alice");
    const after = await store.get(latest!.id);
    expect(after.summary.openIngress).toBe(before.summary.openIngress - 1);
    expect(after.summary.untagged).toBe(before.summary.untagged - 1);
    expect(after.summary.muted).toEqual({ untagged: 1, openIngress: 1 });
    const open = await store.findings(latest!.id, "open-ingress");
    expect(open.find((f) => f.instanceId === "i-0000000000000001a")?.suppressedBy).toBe(suppression.id);
    const csv = (await store.export(latest!.id, "open-ingress", "csv")).body;
    expect(csv.split("\r\n").find((l) => l.includes("i-0000000000000001a"))).toMatch(new RegExp(`,${suppression.id}$`));
    await deleteSuppression(db, suppression.id);
    expect((await store.get(latest!.id)).summary.muted).toEqual({ untagged: 0, openIngress: 0 });
  });

  it("an expiring suppression stops muting by itself once it expires", async () => {
    const [latest] = await store.list();
    const soon = new Date(Date.now() + 400).toISOString();
    await addSuppression(db, { match: { instanceId: "i-0000000000000004b" }, reason: "ci box", expiresAt: soon }, "alice");
    expect((await store.get(latest!.id)).summary.muted?.untagged).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await store.get(latest!.id)).summary.muted?.untagged).toBe(0);
  });
});

describe("schedules and alerts", () => {
  async function scheduledScan(at: string) {
    const job = auditScheduleJob(db, () => store);
    const ticked = await runDueSchedules(db, [job], "replica-a", new Date(at));
    expect(ticked.failed).toEqual([]);
    await store.idle();
    return (await store.list())[0]!;
  }

  it("a due schedule starts one scan of its scope, marked with the schedule; a second replica in the same slot does not", async () => {
    const schedule = await addSchedule(db, { everyHours: 6, accounts: "all", regions: "all", requiredTags: ["Owner"] }, "alice");
    const job = auditScheduleJob(db, () => store);
    const [a, b] = await Promise.all([
      runDueSchedules(db, [job], "replica-a", new Date("2026-12-03T07:00:00Z")),
      runDueSchedules(db, [job], "replica-b", new Date("2026-12-03T07:00:00Z")),
    ]);
    expect([...a.started, ...b.started]).toEqual([`audit-schedule:${schedule.id}`]);
    await store.idle();
    const [audit] = await store.list();
    expect(audit).toMatchObject({ scheduleId: schedule.id, startedBy: "schedule (every 6 h)", status: "done" });
    // No webhook yet: the alert is skipped, saying why.
    expect(audit!.alert).toMatchObject({ status: "skipped", reason: expect.stringMatching(/no webhook/) });
  });

  it("posts new critical findings and failed accounts to the webhook, with a link to the report", async () => {
    await setWebhook(db, receiver.url, "alice");
    ec2.update({ accounts: { [PROD]: prodFleet(false), [STAGING]: stagingFleet } });
    await scheduledScan("2026-12-03T13:00:00Z");
    ec2.update({ accounts: { [PROD]: prodFleet(true), [STAGING]: stagingFleet } });
    const audit = await scheduledScan("2026-12-03T19:00:00Z");
    expect(audit.alert).toMatchObject({ status: "sent", newCritical: 1, failedPlaces: 1 });
    const text = (JSON.parse(receiver.posts.at(-1)!) as { text: string }).text;
    expect(text).toContain("1 new critical finding(s), 1 failed account(s) or region(s)");
    expect(text).toContain("i-0000000000000003a");
    expect(text).toContain(`failed: account ${DENIED}: AccessDenied`);
    expect(text).toContain(`http://fleetscope.test/audits/${audit.id}`);
  });

  it.each([
    ["500", /answered HTTP 500/],
    ["slow", /did not answer within 300 ms/],
    ["refused", /refused the connection/],
  ] as const)("a failing webhook (%s) never fails the scan; the report says the alert was not sent", async (mode, reason) => {
    store = makeStore(300);
    if (mode === "refused") {
      // A port nothing listens on any more.
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
      const { port } = closed.address() as AddressInfo;
      await new Promise((resolve) => closed.close(resolve));
      await setWebhook(db, `http://127.0.0.1:${port}/hook`, "alice");
    }
    else {
      await setWebhook(db, receiver.url, "alice");
      receiver.mode = mode;
    }
    const audit = await scheduledScan(`2026-12-0${4 + ["500", "slow", "refused"].indexOf(mode)}T01:00:00Z`);
    expect(audit.status).toBe("done");
    expect(audit.alert).toMatchObject({ status: "failed", reason: expect.stringMatching(reason) });
    expect(JSON.stringify(audit)).not.toContain("secretpart1234");
    store = makeStore();
  });

  it("sends a test message; validates and masks the URL", async () => {
    await setWebhook(db, receiver.url, "alice");
    await sendTestMessage(db, "http://fleetscope.test");
    expect(JSON.parse(receiver.posts.at(-1)!).text).toMatch(/^Fleetscope test message/);
    expect(maskWebhookUrl(receiver.url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/services\/…1234$/);
    expect(webhookUrlSchema.safeParse("ftp://x.example/h").success).toBe(false);
    expect(webhookUrlSchema.safeParse("https://user:pw@hooks.example/h").success).toBe(false);
    expect(webhookUrlSchema.safeParse("http://169.254.169.254/latest").success).toBe(false);
    expect(webhookUrlSchema.safeParse("not a url").success).toBe(false);
  });
});
