// ECS collection through the unmodified @aws-sdk/client-ecs and the fake ECS endpoint, whose
// tasks are real Go processes with net/http/pprof on loopback addresses (127.0.0.2, 127.0.0.3).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeEcs, type FakeEcsServer } from "../../fakes/ecs";
import { buildGoServices } from "../../testing/go-toolchain";
import { startGoservice, type RunningGoservice } from "../../testing/goservices-process";
import { testSourceDeps, type TestSourceDeps } from "../../testing/sources";
import { toRunDto, type RunDto } from "./source-dto";
import { parseSourceRequest } from "./source-request";
import { SourceRunner } from "./source-runner";
import { createSource } from "./source-store";

let ecs: FakeEcsServer;
let tasks: RunningGoservice[] = [];
let deps: TestSourceDeps;
let port: number;

beforeAll(async () => {
  const bin = await buildGoServices();
  const first = await startGoservice(bin, { service: "search", host: "127.0.0.2" });
  port = first.port;
  tasks = [first, await startGoservice(bin, { service: "search", host: "127.0.0.3", port })];
  ecs = await startFakeEcs({
    pageSize: 1,
    clusters: [
      {
        name: "prod",
        services: {
          search: [
            { id: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", taskDefinition: "search:41", availabilityZone: "us-east-1a", privateIPv4: "127.0.0.2" },
            { id: "f9e8d7c6b5a4938271605f4e3d2c1b0a", taskDefinition: "search:42", availabilityZone: "us-east-1b", privateIPv4: "127.0.0.3" },
            { id: "11112222333344445555666677778888", taskDefinition: "search:42", availabilityZone: "us-east-1c" },
            { id: "99990000aaaabbbbccccddddeeeeffff", taskDefinition: "search:40", availabilityZone: "us-east-1a", privateIPv4: "127.0.0.9", lastStatus: "STOPPED" },
          ],
        },
      },
    ],
  });
  deps = testSourceDeps({ ecs: ecs.url });
}, 300_000);

afterAll(async () => {
  await Promise.all(tasks.map((t) => t.stop()));
  await ecs?.close();
  await deps?.close();
});

async function collect(body: Record<string, unknown>): Promise<RunDto> {
  const source = await createSource(deps.db, parseSourceRequest({ kind: "ecs", service: "search", seconds: 1, ...body }), "test");
  const runner = new SourceRunner(deps);
  const { run } = await runner.start(source.id, "test");
  await runner.idle();
  return toRunDto(await deps.db.sourceRun.findUniqueOrThrow({ where: { id: run.id } }));
}

describe("collecting from an ECS service", () => {
  it("profiles every running task at its ENI address, labelled with task id, revision and zone", async () => {
    const run = await collect({ cluster: "prod", ecsService: "search", port });
    expect(run.status).toBe("done");
    expect(run.counts).toMatchObject({ stored: 2, failed: 1 });
    expect(ecs.calls.ListTasks).toBe(3); // one task ARN a page: every page is read
    const stored = run.items.filter((i) => i.status === "stored");
    expect(stored.map((i) => i.key).sort()).toEqual([`http://127.0.0.2:${port}/debug/pprof/profile?seconds=1`, `http://127.0.0.3:${port}/debug/pprof/profile?seconds=1`]);
    const rows = await deps.db.profile.findMany({ where: { id: { in: stored.map((i) => i.profileId!) } }, orderBy: { source: "asc" } });
    expect(rows.map((r) => [r.service, r.source, r.labels, r.pgoUsable])).toEqual([
      ["search", "ecs://prod/search/0a1b2c3d4e5f60718293a4b5c6d7e8f9", { task: "0a1b2c3d4e5f60718293a4b5c6d7e8f9", revision: "41", availabilityZone: "us-east-1a" }, true],
      ["search", "ecs://prod/search/f9e8d7c6b5a4938271605f4e3d2c1b0a", { task: "f9e8d7c6b5a4938271605f4e3d2c1b0a", revision: "42", availabilityZone: "us-east-1b" }, true],
    ]);
    expect(run.items.find((i) => i.status === "failed")).toMatchObject({ key: "task 11112222333344445555666677778888", error: expect.stringContaining("no awsvpc ENI") });
  }, 30_000);

  it("an unknown cluster or a denied call fails the run with what to fix", async () => {
    expect(await collect({ cluster: "staging", ecsService: "search", port })).toMatchObject({ status: "failed", error: expect.stringContaining("ClusterNotFoundException") });
    expect(await collect({ cluster: "prod", ecsService: "nope", port })).toMatchObject({ status: "failed", error: expect.stringContaining("ServiceNotFoundException") });
    ecs.update({ deny: ["ListTasks"] });
    const denied = await collect({ cluster: "prod", ecsService: "search", port });
    ecs.update({ deny: [] });
    expect(denied).toMatchObject({ status: "failed", error: expect.stringContaining("ecs:ListTasks and ecs:DescribeTasks") });
  }, 30_000);

  it("a task address in the link-local range is not fetched", async () => {
    ecs.update({ clusters: [{ name: "meta", services: { search: [{ id: "abc", taskDefinition: "search:1", availabilityZone: "us-east-1a", privateIPv4: "169.254.169.254" }] } }] });
    const run = await collect({ cluster: "meta", ecsService: "search", port: 80 });
    expect(run.items).toEqual([{ key: "task abc", status: "failed", error: expect.stringContaining("link-local") }]);
  });
});
