// The fake ECS endpoint through the unmodified @aws-sdk/client-ecs: JSON 1.1 targets, paging, and
// errors in AWS's JSON shape, which the SDK turns into its own exception classes.
import { AccessDeniedException, ClusterNotFoundException, DescribeTasksCommand, ListTasksCommand, paginateListTasks } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testEcsClient } from "../../testing/sources";
import { startFakeEcs, type FakeEcsServer, type FakeTask } from "./server";

let fake: FakeEcsServer;
const tasks: FakeTask[] = Array.from({ length: 23 }, (_, i) => ({
  id: `task${String(i).padStart(3, "0")}`,
  taskDefinition: `users:${40 + (i % 3)}`,
  availabilityZone: ["us-east-1a", "us-east-1b"][i % 2]!,
  privateIPv4: `10.0.1.${i + 10}`,
}));

beforeAll(async () => {
  fake = await startFakeEcs({ clusters: [{ name: "prod", services: { users: tasks, search: [] } }], pageSize: 10 });
});
afterAll(() => fake.close());

describe("the fake ECS endpoint", () => {
  it("lists a service's tasks over pages and describes them with their awsvpc ENI address", async () => {
    const client = testEcsClient(fake.url);
    const arns: string[] = [];
    for await (const page of paginateListTasks({ client }, { cluster: "prod", serviceName: "users" })) arns.push(...(page.taskArns ?? []));
    expect(arns).toHaveLength(23);
    expect(fake.calls.ListTasks).toBe(3);
    const { tasks: described } = await client.send(new DescribeTasksCommand({ cluster: "prod", tasks: arns.slice(0, 2) }));
    expect(described![0]).toMatchObject({
      taskArn: "arn:aws:ecs:us-east-1:123456789012:task/prod/task000",
      taskDefinitionArn: "arn:aws:ecs:us-east-1:123456789012:task-definition/users:40",
      availabilityZone: "us-east-1a",
      attachments: [{ type: "ElasticNetworkInterface", details: expect.arrayContaining([{ name: "privateIPv4Address", value: "10.0.1.10" }]) }],
    });
  });

  it("answers an unknown cluster with ClusterNotFoundException and a denied action with AccessDeniedException", async () => {
    const client = testEcsClient(fake.url);
    await expect(client.send(new ListTasksCommand({ cluster: "staging" }))).rejects.toBeInstanceOf(ClusterNotFoundException);
    fake.update({ deny: ["DescribeTasks"] });
    const error = await client.send(new DescribeTasksCommand({ cluster: "prod", tasks: ["task001"] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as Error).message).toContain("ecs:DescribeTasks");
    fake.update({ deny: [] });
  });
});
