/**
 * ECS collection: the service's running tasks (ListTasks, every page; DescribeTasks, 100 at a
 * time), each task's awsvpc ENI private IPv4 with the source's admin port, then every task at once
 * as endpoint targets. Labels: the task id, its task definition revision, its availability zone.
 */
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from "@aws-sdk/client-ecs";
import type { Source } from "../generated/sqlite/client";
import { messageOf, RunFailed } from "./collect-error";
import { collectTargets, type EndpointTarget } from "./collect-endpoints";
import type { RunProgress } from "./run-progress";
import type { SourceDeps } from "./source-deps";
import { isLinkLocal } from "./target-address";

const DESCRIBE_BATCH = 100;

function ecsFailure(err: unknown, action: string, source: Source): RunFailed {
  const name = (err as { name?: string }).name ?? "";
  if (name === "ClusterNotFoundException") return new RunFailed(`ECS cluster ${source.cluster} not found (ClusterNotFoundException): check the cluster name and the region`);
  if (name === "ServiceNotFoundException") return new RunFailed(`ECS service ${source.ecsService} not found in cluster ${source.cluster} (ServiceNotFoundException)`);
  if (name === "AccessDeniedException") return new RunFailed(`ECS refused ${action} (AccessDeniedException): Fleetscope's IAM policy needs ecs:ListTasks and ecs:DescribeTasks`);
  return new RunFailed(`ECS ${action} failed: ${name ? `${name}: ` : ""}${messageOf(err)}`);
}

async function listTaskArns(client: ECSClient, source: Source): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    try {
      const page = await client.send(new ListTasksCommand({ cluster: source.cluster!, serviceName: source.ecsService!, desiredStatus: "RUNNING", nextToken }));
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } catch (err) {
      throw ecsFailure(err, "ListTasks", source);
    }
  } while (nextToken);
  return arns;
}

async function describeTasks(client: ECSClient, source: Source, arns: string[]): Promise<Task[]> {
  const tasks: Task[] = [];
  for (let i = 0; i < arns.length; i += DESCRIBE_BATCH) {
    try {
      const out = await client.send(new DescribeTasksCommand({ cluster: source.cluster!, tasks: arns.slice(i, i + DESCRIBE_BATCH) }));
      tasks.push(...(out.tasks ?? []));
    } catch (err) {
      throw ecsFailure(err, "DescribeTasks", source);
    }
  }
  return tasks;
}

/** The private IPv4 of a task's awsvpc ENI, if it has one. */
export function taskAddress(task: Task): string | undefined {
  for (const attachment of task.attachments ?? []) {
    if (attachment.type !== "ElasticNetworkInterface") continue;
    const ip = attachment.details?.find((d) => d.name === "privateIPv4Address")?.value;
    if (ip) return ip;
  }
  return undefined;
}

export function taskLabels(task: Task): Record<string, string> {
  const labels: Record<string, string> = {};
  const id = task.taskArn?.split("/").pop();
  if (id) labels.task = id;
  const revision = task.taskDefinitionArn?.split(":").pop();
  if (revision && /^\d+$/.test(revision)) labels.revision = revision;
  if (task.availabilityZone) labels.availabilityZone = task.availabilityZone;
  return labels;
}

export async function collectEcs(deps: SourceDeps, source: Source, progress: RunProgress): Promise<void> {
  const client = deps.ecsClient();
  const arns = await listTaskArns(client, source);
  const tasks = arns.length === 0 ? [] : await describeTasks(client, source, arns);
  const targets: EndpointTarget[] = [];
  for (const task of tasks) {
    const id = task.taskArn?.split("/").pop() ?? "(unknown task)";
    const ip = taskAddress(task);
    if (!ip) {
      progress.add(`task ${id}`, "failed", { error: `task ${id} has no awsvpc ENI private IPv4 address (Fleetscope reaches tasks in awsvpc network mode)` });
    } else if (isLinkLocal(ip) && !source.allowLinkLocal) {
      progress.add(`task ${id}`, "failed", { error: `task ${id}'s address ${ip} is link-local: refused unless the source allows link-local addresses` });
    } else {
      targets.push({ base: `http://${ip}:${source.port}`, labels: taskLabels(task), source: `ecs://${source.cluster}/${source.ecsService}/${id}` });
    }
  }
  if (tasks.length === 0) progress.add(`ecs://${source.cluster}/${source.ecsService}`, "failed", { error: `ECS service ${source.ecsService} has no running tasks` });
  await collectTargets(deps, progress, source.service!, source.seconds ?? 30, targets, source.allowLinkLocal);
}
