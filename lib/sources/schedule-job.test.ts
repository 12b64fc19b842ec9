// Two replicas (two runners, two schedulers' ticks) on one PostgreSQL database: a due source is
// collected once per slot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGoServices } from "../../testing/go-toolchain";
import { startGoservice, type RunningGoservice } from "../../testing/goservices-process";
import { createTestDatabase } from "../../testing/postgres";
import { testSourceDeps, type TestSourceDeps } from "../../testing/sources";
import { runDueSchedules } from "../schedules/scheduler";
import { sourceScheduleJob } from "./schedule-job";
import { parseSourceRequest } from "./source-request";
import { SourceRunner } from "./source-runner";
import { createSource } from "./source-store";

let pg: { url: string; drop(): Promise<void> };
let replicaA: TestSourceDeps;
let replicaB: TestSourceDeps;
let target: RunningGoservice;

beforeAll(async () => {
  target = await startGoservice(await buildGoServices(), { service: "reports" });
  pg = await createTestDatabase("fleetscope_sources");
  replicaA = testSourceDeps({ databaseUrl: pg.url });
  replicaB = testSourceDeps({ databaseUrl: pg.url });
}, 300_000);

afterAll(async () => {
  await replicaA?.close();
  await replicaB?.close();
  await pg?.drop();
  await target?.stop();
});

describe("scheduled collection", () => {
  it("two replicas ticking at the same moment run a due source once, and again in its next slot", async () => {
    const scheduled = await createSource(replicaA.db, parseSourceRequest({ kind: "endpoint", service: "reports", urls: [target.url], seconds: 1, everyMinutes: 10 }), "test");
    await createSource(replicaA.db, parseSourceRequest({ kind: "endpoint", service: "reports", urls: [target.url], seconds: 1 }), "test"); // no schedule
    const runnerA = new SourceRunner(replicaA);
    const runnerB = new SourceRunner(replicaB);
    const tick = (at: string) =>
      Promise.all([
        runDueSchedules(replicaA.db, [sourceScheduleJob(replicaA.db, () => runnerA)], "A", new Date(at)),
        runDueSchedules(replicaB.db, [sourceScheduleJob(replicaB.db, () => runnerB)], "B", new Date(at)),
      ]);
    const [a, b] = await tick("2026-12-03T16:01:00Z");
    expect([...a.started, ...b.started]).toEqual([`source:${scheduled.id}`]);
    await Promise.all([runnerA.idle(), runnerB.idle()]);
    await tick("2026-12-03T16:09:00Z"); // same slot
    await Promise.all([runnerA.idle(), runnerB.idle()]);
    let runs = await replicaA.db.sourceRun.findMany({ where: { sourceId: scheduled.id } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "done", startedBy: "schedule", counts: { stored: 1 } });
    await tick("2026-12-03T16:11:00Z"); // next slot
    await Promise.all([runnerA.idle(), runnerB.idle()]);
    runs = await replicaA.db.sourceRun.findMany({ where: { sourceId: scheduled.id } });
    expect(runs).toHaveLength(2);
    expect(await replicaA.db.sourceRun.count()).toBe(2);
  }, 60_000);
});
