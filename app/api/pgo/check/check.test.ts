// POST /api/pgo/check: the committed default.pgo against each service's latest profile, on real
// Go 1.26 profiles written by testing/goservices while the test runs.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MergeDto } from "../../../../lib/merges/merge-dto";
import type { Principal } from "../../../../lib/auth/roles";
import type { CommittedPgoDto } from "../../../../lib/pgo-check/committed-store";
import type { FreshnessReport } from "../../../../lib/pgo-check/freshness";
import type { CommittedTrend } from "../../../../lib/pgo-check/trend";
import { GOSERVICES_DIR, goServiceProfile } from "../../../../testing/go-toolchain";
import { freshDataDir, json, params, req } from "../../_testing/harness";

/** The fixture services' Go package, as function names in their profiles start. */
const SERVICES_PACKAGE = "fleetscope.test/goservices/services.";

let check: typeof import("./route");
let profiles: typeof import("../../profiles/route");
let merges: typeof import("../../merges/route");
let mergeFile: typeof import("../../merges/[id]/default.pgo/route");
let committedRoute: typeof import("../committed/route");
let committed: Uint8Array;
let mergeId: string;

async function upload(body: Uint8Array, service: string): Promise<string> {
  const res = await profiles.POST(req(`/api/profiles?service=${service}`, { method: "POST", body: body as BodyInit }), params({}));
  expect([200, 201]).toContain(res.status);
  return (await json<{ profile: { id: string } }>(res)).profile.id;
}

const post = (query: string, body: Uint8Array | string) =>
  check.POST(req(`/api/pgo/check?${query}`, { method: "POST", body: body as BodyInit }), params({}));

beforeAll(async () => {
  freshDataDir();
  check = await import("./route");
  profiles = await import("../../profiles/route");
  merges = await import("../../merges/route");
  mergeFile = await import("../../merges/[id]/default.pgo/route");
  committedRoute = await import("../committed/route");
  const [users, search] = await Promise.all([goServiceProfile("users"), goServiceProfile("search")]);
  const ids = [await upload(users, "users"), await upload(search, "search")];
  const created = await merges.POST(
    req("/api/merges", { method: "POST", body: JSON.stringify({ profileIds: ids }), headers: { "content-type": "application/json" } }),
    params({}),
  );
  const { merge } = await json<{ merge: MergeDto }>(created);
  mergeId = merge.id;
  committed = new Uint8Array(await (await mergeFile.GET(req(`/api/merges/${merge.id}/default.pgo`), params({ id: merge.id }))).arrayBuffer());
}, 120_000);

type Trend = { committed: CommittedPgoDto | null; trend: CommittedTrend | null };
const trend = async () => json<Trend>(await committedRoute.GET(req("/api/pgo/committed"), params({})));
const mark = (body: unknown, principal?: Principal) =>
  committedRoute.POST(
    req("/api/pgo/committed", { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }, principal),
    params({}),
  );

describe("the committed default.pgo, marked from a stored merge (before any service moves)", () => {
  it("has no committed file at first, then follows each service's profiles", async () => {
    expect(await trend()).toEqual({ committed: null, trend: null });
    const res = await mark({ mergeId });
    expect(res.status).toBe(201);
    const { committed: dto } = await json<{ committed: CommittedPgoDto }>(res);
    expect(dto).toMatchObject({ mergeId, services: ["users", "search"], minHotShare: 0.8 });
    const t = await trend();
    expect(t.committed?.id).toBe(dto.id);
    expect(t.trend!.services.map((s) => [s.service, s.points.length])).toEqual([["users", 1], ["search", 1]]);
    expect(t.trend!.report.fresh).toBe(true);
  });

  it("refuses viewers, unknown merges and bad bodies", async () => {
    const viewer: Principal = { kind: "token", id: "t", name: "ci", role: "viewer" };
    expect((await mark({ mergeId }, viewer)).status).toBe(403);
    expect((await mark({ mergeId: "nope" })).status).toBe(404);
    expect((await mark({})).status).toBe(400);
  });
});

describe("POST /api/pgo/check", () => {
  it("says a file merged from the services' latest profiles is fresh for each of them", async () => {
    const res = await post("service=users&service=search&min=0.8", committed);
    expect(res.status).toBe(200);
    const report = await json<FreshnessReport>(res);
    expect(report.fresh).toBe(true);
    expect(report.services.map((s) => s.service)).toEqual(["users", "search"]);
    for (const s of report.services) {
      expect(s.hotShare).toBeGreaterThanOrEqual(0.8);
      expect(s.hotEdges).toBeGreaterThan(0);
      expect(s.unknownHotFunctions).toEqual([]);
    }
    expect(report.hotShare).toBeCloseTo((report.services[0].hotShare! + report.services[1].hotShare!) / 2, 12);
  });

  it("turns stale, 412 with the reasons, when a service's hot path moved to code the file does not know", async () => {
    await upload(await goServiceProfile("reports", 2), "users");
    const res = await post("service=users&service=search&min=0.8", committed);
    expect(res.status).toBe(412);
    const report = await json<FreshnessReport & { error: string }>(res);
    expect(report.fresh).toBe(false);
    const users = report.services.find((s) => s.service === "users")!;
    expect(users.hotShare).toBeLessThan(0.8);
    // The reports code is new to the committed file; nothing of the users or search code is listed.
    const ours = users.unknownHotFunctions.filter((f) => f.startsWith(SERVICES_PACKAGE));
    expect(ours.length).toBeGreaterThan(0);
    const reportsSource = fs.readFileSync(path.join(GOSERVICES_DIR, "services", "reports.go"), "utf8");
    const definedInReports = (f: string) => reportsSource.includes(`${f.replace(/(\.func\d+)+$/, "").split(".").pop()}(`);
    expect(ours.filter((f) => !definedInReports(f))).toEqual([]);
    expect(report.services.find((s) => s.service === "search")!.hotShare).toBeGreaterThanOrEqual(0.8);
    expect(report.error).toContain("users");
    expect(report.error).not.toContain("search");
    // Without min the same report is a 200: a dashboard reads it, CI asks for the verdict.
    const plain = await post("service=users&service=search", committed);
    expect(plain.status).toBe(200);
    expect((await json<FreshnessReport>(plain)).fresh).toBe(false);
    // The committed file's trend gains the new profile as its latest point, below the threshold.
    const t = await trend();
    const usersTrend = t.trend!.services.find((s) => s.service === "users")!;
    expect(usersTrend.points).toHaveLength(2);
    expect(usersTrend.points[0].hotShare).toBeGreaterThanOrEqual(0.8);
    expect(usersTrend.points[1].hotShare).toBeLessThan(0.8);
    expect(t.trend!.report.stale.map((s) => s.service)).toEqual(["users"]);
  });

  it("an uploaded committed file replaces the marked merge; clearing forgets it", async () => {
    const res = await committedRoute.POST(req("/api/pgo/committed?service=search&min=0.5", { method: "POST", body: committed as BodyInit }), params({}));
    expect(res.status).toBe(201);
    const t = await trend();
    expect(t.committed).toMatchObject({ mergeId: null, services: ["search"], minHotShare: 0.5 });
    expect(t.trend!.services.map((s) => s.service)).toEqual(["search"]);
    expect((await committedRoute.POST(req("/api/pgo/committed?service=search", { method: "POST", body: "nope" }), params({}))).status).toBe(400);
    expect((await committedRoute.DELETE(req("/api/pgo/committed", { method: "DELETE" }), params({}))).status).toBe(204);
    expect((await trend()).committed).toBeNull();
  });

  it("answers clear 4xx errors: unknown service, not a profile, a file Go would refuse, bad min, no service", async () => {
    const unknown = await post("service=users&service=nope", committed);
    expect(unknown.status).toBe(404);
    expect((await json<{ error: string }>(unknown)).error).toContain('"nope"');
    const html = await post("service=users", "<html><body>Sign in</body></html>");
    expect(html.status).toBe(400);
    expect((await json<{ error: string }>(html)).error).toMatch(/HTML|not a profile/i);
    const legacy = new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, "../../../../lib/pprof/testdata/go19-cpu.pb.gz")));
    const old = await post("service=users", legacy);
    expect(old.status).toBe(400);
    expect((await json<{ error: string }>(old)).error).toContain("Function.start_line");
    const heap = new Uint8Array(fs.readFileSync(path.resolve(import.meta.dirname, "../../../../lib/pprof/testdata/go126-heap.pb.gz")));
    const noCpu = await post("service=users", heap);
    expect(noCpu.status).toBe(400);
    expect((await json<{ error: string }>(noCpu)).error).toMatch(/go build -pgo would refuse this file: .*samples\/count/);
    expect((await post("service=users&min=2", committed)).status).toBe(400);
    expect((await post("service=users&min=high", committed)).status).toBe(400);
    expect((await post("", committed)).status).toBe(400);
    expect((await post("service=users", new Uint8Array(0))).status).toBe(400);
  });
});
