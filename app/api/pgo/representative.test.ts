// GET /api/pgo?pick=representative: of each service's last N CPU profiles (real Go batch runs of
// different lengths), the one with the median total CPU is merged.
import { beforeAll, describe, expect, it } from "vitest";
import { buildGoServices, goServiceProfile } from "@/testing/go-toolchain";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { freshDataDir, params, req } from "../_testing/harness";

let pgo: typeof import("./route");
const runs: ProfileDto[] = [];

/** The lower median by total CPU, computed here the plain way (profiles oldest first: equal totals keep that order). */
function median(profiles: ProfileDto[]): ProfileDto {
  const sorted = [...profiles].sort((a, b) => a.totals.cpu! - b.totals.cpu!);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

beforeAll(async () => {
  await buildGoServices();
  freshDataDir();
  const { ingestProfile } = await import("@/lib/profiles/ingest");
  const { profileDeps } = await import("@/lib/profiles/context");
  for (const seconds of [0.3, 1.5, 1.2, 0.6, 0.9]) {
    const bytes = await goServiceProfile("search", seconds);
    runs.push((await ingestProfile({ service: "search", bytes, labels: { job: "nightly" }, source: "s3://batch/jobs/search/run.pprof" }, profileDeps())).profile);
  }
  for (const seconds of [0.5, 1]) runs.push((await ingestProfile({ service: "reports", bytes: await goServiceProfile("reports", seconds), labels: {}, source: "api" }, profileDeps())).profile);
  pgo = await import("./route");
}, 300_000);

const get = (query: string) => pgo.GET(req(`/api/pgo?${query}`), params({}));

describe("the representative run of each service", () => {
  it("is the median total CPU of the last 14 runs, merged by GET /api/pgo beside the latest", async () => {
    const search = runs.slice(0, 5);
    const reports = runs.slice(5);
    const res = await get("service=search&service=reports&pick=representative");
    expect(res.status).toBe(200);
    const chosen = [median(search), median(reports)];
    expect(res.headers.get("x-fleetscope-profiles")).toBe(chosen.map((p) => p.id).join(","));
    expect(res.headers.get("x-fleetscope-pick")).toBe("representative of the last 14");
    // Neither the smallest nor the largest run of search.
    const cpu = search.map((p) => p.totals.cpu!);
    expect(chosen[0]!.totals.cpu).toBeGreaterThan(Math.min(...cpu));
    expect(chosen[0]!.totals.cpu).toBeLessThan(Math.max(...cpu));

    const latest = await get("service=search&service=reports");
    expect(latest.headers.get("x-fleetscope-profiles")).toBe([search[4]!.id, reports[1]!.id].join(","));
  }, 60_000);

  it("looks only at the last N runs when asked", async () => {
    const lastTwo = runs.slice(3, 5);
    const res = await get("service=search&pick=representative&last=2");
    expect(res.headers.get("x-fleetscope-profiles")).toBe(median(lastTwo).id);
  }, 60_000);

  it("refuses a pick or a count it does not know", async () => {
    expect((await get("service=search&pick=best")).status).toBe(400);
    expect((await get("service=search&pick=representative&last=0")).status).toBe(400);
    expect((await get("service=nobody&pick=representative")).status).toBe(404);
  });
});
