// The deployment examples stay true to the app: the ECS task exposes only the dashboard's port, its
// role holds the read-only EC2 calls the README lists, and its health check and command match the image's.
import fs from "node:fs";
import { describe, expect, it } from "vitest";

const task = JSON.parse(fs.readFileSync("deploy/ecs-task-definition.json", "utf8"));
const policy = JSON.parse(fs.readFileSync("deploy/task-role-policy.json", "utf8"));
const dockerfile = fs.readFileSync("Dockerfile", "utf8");
const readme = fs.readFileSync("README.md", "utf8");

describe("deploy/", () => {
  it("the task exposes only the dashboard's port and checks /api/health", () => {
    const [container] = task.containerDefinitions;
    expect(task.containerDefinitions).toHaveLength(1);
    expect(container.portMappings).toEqual([expect.objectContaining({ containerPort: 3000 })]);
    expect(container.healthCheck.command.join(" ")).toContain("/api/health");
    expect(container.stopTimeout).toBeGreaterThan(Number(container.environment.find((e: { name: string }) => e.name === "FLEETSCOPE_SHUTDOWN_SECONDS").value));
    const names = [...container.environment, ...container.secrets].map((e: { name: string }) => e.name);
    for (const name of ["DATABASE_URL", "PROFILE_BUCKET", "FLEETSCOPE_ADMIN_USER", "FLEETSCOPE_ADMIN_PASSWORD", "HOST"]) expect(names).toContain(name);
  });

  it("the task role allows the README's read-only EC2 calls and nothing else on EC2", () => {
    const ec2 = policy.Statement.flatMap((s: { Action: string[] }) => s.Action).filter((a: string) => a.startsWith("ec2:"));
    expect(ec2.sort()).toEqual(["ec2:DescribeInstances", "ec2:DescribeRegions", "ec2:DescribeSecurityGroups"]);
    for (const action of ec2) expect(readme).toContain(action);
  });

  it("the image runs as a non-root user, checks /api/health, keeps /data as a volume, and starts as the standalone test does", () => {
    expect(dockerfile).toMatch(/^USER fleetscope$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/api\/health/m);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toContain('CMD ["node", "--max-semi-space-size=32", "serve.mjs", "--migrate"]');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
  });
});
