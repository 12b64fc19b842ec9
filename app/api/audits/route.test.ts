// The audits API through its route handlers, scanning the fake EC2 endpoint with the unmodified
// SDK configured the standard way: AWS_ENDPOINT_URL_EC2, AWS_REGION and keys in the environment.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateFleet, startFakeEc2, type FakeEc2Server } from "@/fakes/ec2";
import type { AuditDto } from "@/lib/audits-store";
import { freshDataDir, json, params, req } from "../_testing/harness";

const SECRET = "apiTestSecretKey/0123456789abcdefghij";
const ACCESS_KEY = "AKIAAPITESTKEY000001";

let fake: FakeEc2Server;
let audits: typeof import("./route");
let auditById: typeof import("./[id]/route");
let findings: typeof import("./[id]/findings/route");
let exportCsv: typeof import("./[id]/export.csv/route");
let exportJson: typeof import("./[id]/export.json/route");
let compare: typeof import("./compare/route");
let stop: typeof import("./[id]/stop/route");
const bodies: string[] = [];

beforeAll(async () => {
  const fleet = generateFleet({
    regions: ["us-east-1", "eu-west-1", "ap-southeast-2"],
    instancesPerRegion: [80, 30, 10],
    failures: { "ap-southeast-2": "UnauthorizedOperation" },
    seed: 3,
  });
  fake = await startFakeEc2({ fleet, latencyMs: 15, port: 0 });
  freshDataDir({
    AWS_ENDPOINT_URL_EC2: fake.url,
    AWS_ACCESS_KEY_ID: ACCESS_KEY,
    AWS_SECRET_ACCESS_KEY: SECRET,
    AWS_REGION: "us-east-1",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  });
  audits = await import("./route");
  auditById = await import("./[id]/route");
  findings = await import("./[id]/findings/route");
  exportCsv = await import("./[id]/export.csv/route");
  exportJson = await import("./[id]/export.json/route");
  compare = await import("./compare/route");
  stop = await import("./[id]/stop/route");
});

afterAll(async () => {
  const { auditStore } = await import("@/lib/audits-store");
  await auditStore().idle();
  await fake.close();
});

/** Every body the API answered, to check that no credential ever appears. */
async function text(res: Response): Promise<string> {
  const body = await res.clone().text();
  bodies.push(body);
  return body;
}

async function start(body: unknown) {
  const res = await audits.POST(req("/api/audits", { method: "POST", body: JSON.stringify(body) }), params({}));
  await text(res);
  return res;
}

async function get(id: string): Promise<AuditDto> {
  const res = await auditById.GET(req(`/api/audits/${id}`), params({ id }));
  await text(res);
  return (await json<{ audit: AuditDto }>(res)).audit;
}

async function untilDone(id: string): Promise<AuditDto> {
  for (let i = 0; i < 500; i++) {
    const audit = await get(id);
    if (audit.status !== "running") return audit;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("audit did not finish");
}

const findingsOf = (id: string, query: string) => findings.GET(req(`/api/audits/${id}/findings${query}`), params({ id }));

let first: AuditDto;

describe("POST /api/audits", () => {
  it("answers 202 with the running audit (every region, Owner by default); the same scope again joins it", async () => {
    const res = await start({});
    expect(res.status).toBe(202);
    const body = await json<{ audit: AuditDto; joined: boolean }>(res);
    expect(body.joined).toBe(false);
    expect(body.audit).toMatchObject({ status: "running", regionsRequested: "all", requiredTags: ["Owner"], startedBy: "local", finishedAt: null });

    const again = await json<{ audit: AuditDto; joined: boolean }>(await start({ regions: "all", requiredTags: ["owner"] }));
    expect(again).toMatchObject({ joined: true, audit: { id: body.audit.id } });

    first = await untilDone(body.audit.id);
    expect(first.status).toBe("done");
  });

  it.each([
    [{ regions: ["Narnia"] }, /^regions(\.0)?: not a region name/],
    [{ regions: [] }, /^regions/],
    [{ requiredTags: ["a", "b", "c", "d", "e", "f", "g"] }, /up to 6 required tag keys/],
    [{ requiredTags: "Owner" }, /^requiredTags/],
  ])("answers 400 for %j", async (body, message) => {
    const res = await start(body);
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toMatch(message);
  });

  it("answers 400 for a body that is not JSON, and 403 to a viewer", async () => {
    const bad = await audits.POST(req("/api/audits", { method: "POST", body: "regions=all" }), params({}));
    expect(bad.status).toBe(400);
    expect((await json<{ error: string }>(bad)).error).toMatch(/must be JSON/);
    const viewer = await audits.POST(
      req("/api/audits", { method: "POST", body: "{}" }, { kind: "token", id: "t1", name: "ci", role: "viewer" }),
      params({}),
    );
    expect(viewer.status).toBe(403);
  });
});

describe("GET /api/audits and /api/audits/:id", () => {
  it("reports every region: counts and time, and EC2's error for the denied one", () => {
    expect(first.regions.map((r) => [r.region, r.status])).toEqual([
      ["ap-southeast-2", "error"],
      ["eu-west-1", "ok"],
      ["us-east-1", "ok"],
    ]);
    for (const region of first.regions) {
      expect(region).toEqual(expect.objectContaining({ total: expect.any(Number), running: expect.any(Number), durationMs: expect.any(Number) }));
    }
    expect(first.regions[0]!.error).toMatch(/^UnauthorizedOperation: /);
    expect(first.summary).toMatchObject({ instances: 110, failedRegions: 1, regionsScanned: 3 });
    expect(first.summary.untagged).toBeGreaterThan(0);
    expect(first.summary.openIngress).toBeGreaterThan(0);
  });

  it("lists audits newest first", async () => {
    const second = (await json<{ audit: AuditDto }>(await start({ regions: ["eu-west-1"], requiredTags: ["Owner", "Environment"] }))).audit;
    await untilDone(second.id);
    const res = await audits.GET(req("/api/audits"), params({}));
    const list = (await json<{ audits: AuditDto[] }>(res)).audits;
    expect(list.map((a) => a.id).slice(0, 2)).toEqual([second.id, first.id]);
  });

  it("answers 404 with a message for an unknown id", async () => {
    const res = await auditById.GET(req("/api/audits/nope"), params({ id: "nope" }));
    expect(res.status).toBe(404);
    expect((await json<{ error: string }>(res)).error).toMatch(/no audit with id nope/);
  });
});

describe("GET /api/audits/:id/findings", () => {
  it("gives untagged instances with the missing keys, and open ingress with each open rule", async () => {
    const untagged = (await json<{ findings: Record<string, unknown>[] }>(await findingsOf(first.id, "?kind=untagged"))).findings;
    expect(untagged).toHaveLength(first.summary.untagged);
    expect(untagged[0]).toEqual({
      account: "self",
      region: expect.any(String),
      instanceId: expect.any(String),
      name: expect.toSatisfy((v) => v === null || typeof v === "string"),
      state: expect.any(String),
      tags: expect.any(Object),
      groupIds: expect.any(Array),
      missingTags: ["Owner"],
      firstSeenAt: first.startedAt,
      isNew: false,
      newness: "unknown",
      suppressedBy: null,
    });

    const open = (await json<{ findings: { permissions: Record<string, unknown>[] }[] }>(await findingsOf(first.id, "?kind=open-ingress"))).findings;
    expect(open).toHaveLength(first.summary.openIngress);
    expect(Object.keys(open[0]!.permissions[0]!).sort()).toEqual(["cidr", "firstSeenAt", "fromPort", "groupId", "groupName", "isNew", "newness", "protocol", "severity", "toPort"]);
  });

  it("answers 400 for a missing or unknown kind, 404 for an unknown audit, 409 while the scan runs", async () => {
    const missing = await findingsOf(first.id, "");
    expect(missing.status).toBe(400);
    expect((await json<{ error: string }>(missing)).error).toMatch(/kind must be untagged or open-ingress/);
    const wrong = await findingsOf(first.id, "?kind=stopped");
    expect(wrong.status).toBe(400);
    expect((await json<{ error: string }>(wrong)).error).toMatch(/not "stopped"/);
    expect((await findingsOf("nope", "?kind=untagged")).status).toBe(404);

    fake.update({ latencyMs: 300 });
    const running = (await json<{ audit: AuditDto }>(await start({ regions: ["us-east-1"], requiredTags: ["Team"] }))).audit;
    const early = await findingsOf(running.id, "?kind=untagged");
    expect(early.status).toBe(409);
    expect((await json<{ error: string }>(early)).error).toMatch(/still running/);
    fake.update({ latencyMs: 15 });
    await untilDone(running.id);
  });
});

describe("exports", () => {
  it("downloads a table as CSV (one row per open rule) and as JSON", async () => {
    const csv = await exportCsv.GET(req(`/api/audits/${first.id}/export.csv?kind=open-ingress`), params({ id: first.id }));
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-.*-open-ingress\.csv"$/);
    const lines = (await text(csv)).trim().split("\r\n");
    expect(lines[0]).toBe("account,accountName,region,instanceId,name,state,groupId,groupName,protocol,fromPort,toPort,cidr,severity,firstSeenAt,isNew,suppressedBy");
    expect(lines.length).toBeGreaterThan(first.summary.openIngress);

    const jsonRes = await exportJson.GET(req(`/api/audits/${first.id}/export.json?kind=untagged`), params({ id: first.id }));
    expect(jsonRes.headers.get("content-disposition")).toMatch(/untagged\.json"$/);
    expect(JSON.parse(await text(jsonRes))).toMatchObject({ kind: "untagged", count: first.summary.untagged });

    const regions = await exportCsv.GET(req(`/api/audits/${first.id}/export.csv?kind=regions`), params({ id: first.id }));
    expect((await text(regions)).split("\r\n")[1]).toMatch(/^self,,ap-southeast-2,error,/);
  });

  it("answers 400 for an unknown kind", async () => {
    const res = await exportCsv.GET(req(`/api/audits/${first.id}/export.csv?kind=all`), params({ id: first.id }));
    expect(res.status).toBe(400);
    expect((await json<{ error: string }>(res)).error).toMatch(/kind must be untagged, open-ingress, regions/);
  });
});

describe("GET /api/audits/compare", () => {
  it("lists new, resolved, unchanged and unknown findings of two audits", async () => {
    const target = (await json<{ audit: AuditDto }>(await start({ requiredTags: ["Owner", "Environment"] }))).audit;
    await untilDone(target.id);
    const res = await compare.GET(req(`/api/audits/compare?base=${first.id}&target=${target.id}`), params({}));
    expect(res.status).toBe(200);
    const diff = await json<{ counts: Record<string, number>; new: { kind: string; missingTags: string[] }[]; unchanged: unknown[] }>(res);
    expect(diff.counts.new).toBeGreaterThan(0);
    expect(diff.new.every((f) => f.kind === "untagged" && f.missingTags.includes("Environment"))).toBe(true);
    expect(diff.counts.resolved).toBe(0);
    expect(diff.counts.unchanged).toBe(diff.unchanged.length);
  });

  it("answers 400 without both ids and 404 for an unknown one", async () => {
    const missing = await compare.GET(req(`/api/audits/compare?base=${first.id}`), params({}));
    expect(missing.status).toBe(400);
    expect((await json<{ error: string }>(missing)).error).toMatch(/base=<older audit id>&target=<newer audit id>/);
    const unknown = await compare.GET(req(`/api/audits/compare?base=${first.id}&target=nope`), params({}));
    expect(unknown.status).toBe(404);
  });
});

describe("credentials", () => {
  it("never appear in any answer", () => {
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain(ACCESS_KEY);
    }
  });
});

describe("POST /api/audits/:id/stop", () => {
  const stopAudit = (id: string, principal?: Parameters<typeof req>[2]) =>
    stop.POST(req(`/api/audits/${id}/stop`, { method: "POST" }, principal), params({ id }));

  it("stops a running scan (200, status stopped); 409 once it is not running, 404 for an unknown id, 403 to a viewer", async () => {
    fake.update({ latencyMs: 400 });
    try {
      const running = (await json<{ audit: AuditDto }>(await start({ regions: ["us-east-1"], requiredTags: ["CostCenter"] }))).audit;
      const viewer = await stopAudit(running.id, { kind: "token", id: "t1", name: "ci", role: "viewer" });
      expect(viewer.status).toBe(403);
      const res = await stopAudit(running.id);
      await text(res);
      expect(res.status).toBe(200);
      const { audit } = await json<{ audit: AuditDto }>(res);
      expect(audit).toMatchObject({ id: running.id, status: "stopped", findingsAvailable: false });
      expect(audit.error).toMatch(/^stopped by local/);
      expect((await get(running.id)).status).toBe("stopped");

      const again = await stopAudit(running.id);
      expect(again.status).toBe(409);
      expect((await json<{ error: string }>(again)).error).toMatch(/is not running \(it is stopped\)/);
      expect((await stopAudit("no-such-audit")).status).toBe(404);
    } finally {
      fake.update({ latencyMs: 15 });
    }
  });
});

describe("DELETE /api/audits/:id", () => {
  const remove = (id: string, principal?: Parameters<typeof req>[2]) =>
    auditById.DELETE(req(`/api/audits/${id}`, { method: "DELETE" }, principal), params({ id }));

  it("deletes a finished audit (204, then 404); 403 to a viewer, 409 while it runs", async () => {
    const done = await untilDone((await json<{ audit: AuditDto }>(await start({ regions: ["eu-west-1"], requiredTags: ["Project"] }))).audit.id);
    expect((await remove(done.id, { kind: "token", id: "t1", name: "ci", role: "viewer" })).status).toBe(403);
    const res = await remove(done.id);
    expect(res.status).toBe(204);
    expect((await auditById.GET(req(`/api/audits/${done.id}`), params({ id: done.id }))).status).toBe(404);
    expect((await remove(done.id)).status).toBe(404);

    fake.update({ latencyMs: 400 });
    try {
      const running = (await json<{ audit: AuditDto }>(await start({ regions: ["eu-west-1"], requiredTags: ["Team"] }))).audit;
      const refused = await remove(running.id);
      expect(refused.status).toBe(409);
      expect((await json<{ error: string }>(refused)).error).toMatch(/is running: stop it first/);
      await stop.POST(req(`/api/audits/${running.id}/stop`, { method: "POST" }), params({ id: running.id }));
    } finally {
      fake.update({ latencyMs: 15 });
    }
  });
});
