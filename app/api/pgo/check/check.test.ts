// POST /api/pgo/check: the committed default.pgo against each service's latest profile, on real
// Go 1.26 profiles written by testing/goservices while the test runs.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { MergeDto } from "../../../../lib/merges/merge-dto";
import type { FreshnessReport } from "../../../../lib/pgo-check/freshness";
import { goServiceProfile } from "../../../../testing/go-toolchain";
import { freshDataDir, json, params, req } from "../../_testing/harness";

let check: typeof import("./route");
let profiles: typeof import("../../profiles/route");
let merges: typeof import("../../merges/route");
let mergeFile: typeof import("../../merges/[id]/default.pgo/route");
let committed: Uint8Array;

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
  const [users, search] = await Promise.all([goServiceProfile("users"), goServiceProfile("search")]);
  const ids = [await upload(users, "users"), await upload(search, "search")];
  const created = await merges.POST(
    req("/api/merges", { method: "POST", body: JSON.stringify({ profileIds: ids }), headers: { "content-type": "application/json" } }),
    params({}),
  );
  const { merge } = await json<{ merge: MergeDto }>(created);
  committed = new Uint8Array(await (await mergeFile.GET(req(`/api/merges/${merge.id}/default.pgo`), params({ id: merge.id }))).arrayBuffer());
}, 120_000);

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
    const ours = users.unknownHotFunctions.filter((f) => f.startsWith("main."));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((f) => ["main.reportsUnit", "main.aggregate", "main.writeCSV", "main.makeRows"].includes(f))).toBe(true);
    expect(report.services.find((s) => s.service === "search")!.hotShare).toBeGreaterThanOrEqual(0.8);
    expect(report.error).toContain("users");
    expect(report.error).not.toContain("search");
    // Without min the same report is a 200: a dashboard reads it, CI asks for the verdict.
    const plain = await post("service=users&service=search", committed);
    expect(plain.status).toBe(200);
    expect((await json<FreshnessReport>(plain)).fresh).toBe(false);
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
    expect((await post("service=users&min=2", committed)).status).toBe(400);
    expect((await post("service=users&min=high", committed)).status).toBe(400);
    expect((await post("", committed)).status).toBe(400);
    expect((await post("service=users", new Uint8Array(0))).status).toBe(400);
  });
});
