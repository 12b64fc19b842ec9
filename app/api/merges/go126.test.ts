import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeProfile } from "../../../testing/pprof/decoded-profile";
import { canonical, flatCum, MERGE_TESTDATA, parseTop, readProfile } from "../../../testing/pprof/merge-testutil";
import type { MergeDto } from "../../../lib/merges/merge-dto";
import { fixture, freshDataDir, json, params, req } from "../_testing/harness";

// The three services of testing/goservices, profiled by Go 1.26's runtime: what a team running one
// binary as three ECS services uploads, merged through the API and compared with Go 1.26's pprof.
const SERVICES = ["users", "search", "reports"] as const;

let merges: typeof import("./route");
let mergeFile: typeof import("./[id]/default.pgo/route");
let pgo: typeof import("../pgo/route");
let profiles: typeof import("../profiles/route");
const ids: Record<string, string> = {};

type UploadedProfile = { id: string; pgo: { usable: boolean; problems: string[] } };

beforeAll(async () => {
  freshDataDir();
  merges = await import("./route");
  mergeFile = await import("./[id]/default.pgo/route");
  pgo = await import("../pgo/route");
  profiles = await import("../profiles/route");
  for (const service of SERVICES) {
    const res = await profiles.POST(req(`/api/profiles?service=${service}`, { method: "POST", body: fixture(`go126-${service}.pb.gz`) as BodyInit }), params({}));
    expect(res.status).toBe(201);
    const { profile } = await json<{ profile: UploadedProfile }>(res);
    expect(profile.pgo, service).toEqual({ usable: true, problems: [] });
    ids[service] = profile.id;
  }
});

const expectedTop = (type: string) => {
  const want = parseTop(fs.readFileSync(path.join(MERGE_TESTDATA, "expected", `go126-services.top-${type}.txt`), "utf8"));
  expect(want.size).toBeGreaterThan(30);
  return Object.fromEntries([...want].filter(([, r]) => r.flat !== 0 || r.cum !== 0));
};

describe("the three Go 1.26 services merged through the API", () => {
  it("POST /api/merges with labels kept stores go tool pprof -proto's file", async () => {
    const res = await merges.POST(
      req("/api/merges", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ profileIds: SERVICES.map((s) => ids[s]), dropLabels: false }) }),
      params({}),
    );
    expect(res.status).toBe(201);
    const { merge } = await json<{ merge: MergeDto }>(res);
    const file = await mergeFile.GET(req(`/api/merges/${merge.id}/default.pgo`), params({ id: merge.id }));
    const merged = decodeProfile(new Uint8Array(await file.arrayBuffer()));
    expect(canonical(merged)).toEqual(canonical(readProfile("expected/go126-services.merged.pb.gz")));
  });

  it("GET /api/pgo (labels dropped by default) keeps pprof's per-function figures and every start line", async () => {
    const res = await pgo.GET(req("/api/pgo?service=users&service=search&service=reports"), params({}));
    expect(res.status).toBe(200);
    const merged = decodeProfile(new Uint8Array(await res.arrayBuffer()));
    for (const type of ["samples", "cpu"]) expect(Object.fromEntries(flatCum(merged, type)), type).toEqual(expectedTop(type));
    expect(merged.sample.every((s) => s.label.length === 0)).toBe(true);
    const reference = readProfile("expected/go126-services.merged.pb.gz");
    expect(reference.sample.some((s) => s.label.length > 0)).toBe(true);
    expect(merged.function.filter((f) => Number(f.startLine) > 0).length).toBe(reference.function.filter((f) => Number(f.startLine) > 0).length);
  });
});
