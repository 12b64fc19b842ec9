/**
 * A fake ECS endpoint speaking ECS's JSON 1.1 protocol (POST /, `X-Amz-Target:
 * AmazonEC2ContainerServiceV20141113.<Action>`, `application/x-amz-json-1.1`) for ListTasks and
 * DescribeTasks, with nextToken paging and AWS's JSON error shape (`__type`, `message`). The
 * unmodified @aws-sdk/client-ecs talks to it through `endpoint` or AWS_ENDPOINT_URL_ECS.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsJsonError, readBody } from "../http";

const TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
export const FAKE_ECS_ACTIONS = ["ListTasks", "DescribeTasks"] as const;

export interface FakeTask {
  /** The task id (the last part of its ARN). */
  id: string;
  /** `family:revision`, e.g. `users:42`. */
  taskDefinition: string;
  availabilityZone: string;
  /** The awsvpc ENI's private IPv4 (none: a task without one, e.g. bridge network mode). */
  privateIPv4?: string;
  lastStatus?: "RUNNING" | "PENDING" | "STOPPED";
}

export interface FakeEcsCluster {
  name: string;
  /** ECS service name → its tasks. */
  services: Record<string, FakeTask[]>;
}

export interface FakeEcsOptions {
  clusters: FakeEcsCluster[];
  region?: string;
  accountId?: string;
  /** ListTasks pages hold at most this many task ARNs, whatever maxResults asks (default 100). */
  pageSize?: number;
  /** Actions answered with AccessDeniedException. */
  deny?: string[];
  port?: number;
  host?: string;
}

export interface FakeEcsServer {
  url: string;
  /** Calls answered, by action. */
  calls: Record<string, number>;
  update(options: Partial<Omit<FakeEcsOptions, "port" | "host">>): void;
  close(): Promise<void>;
}

function arns(options: FakeEcsOptions, cluster: FakeEcsCluster) {
  const prefix = `arn:aws:ecs:${options.region ?? "us-east-1"}:${options.accountId ?? "123456789012"}`;
  return {
    cluster: `${prefix}:cluster/${cluster.name}`,
    task: (t: FakeTask) => `${prefix}:task/${cluster.name}/${t.id}`,
    taskDefinition: (t: FakeTask) => `${prefix}:task-definition/${t.taskDefinition}`,
  };
}

function findCluster(options: FakeEcsOptions, ref: unknown): FakeEcsCluster {
  const name = typeof ref === "string" && ref !== "" ? ref.split("/").pop()! : "default";
  const cluster = options.clusters.find((c) => c.name === name);
  if (!cluster) throw new AwsJsonError("ClusterNotFoundException", "Cluster not found.");
  return cluster;
}

function listTasks(options: FakeEcsOptions, input: Record<string, unknown>) {
  const cluster = findCluster(options, input.cluster);
  const names = arns(options, cluster);
  let tasks: FakeTask[];
  if (typeof input.serviceName === "string") {
    const service = cluster.services[input.serviceName];
    if (!service) throw new AwsJsonError("ServiceNotFoundException", "Service not found.");
    tasks = service;
  } else tasks = Object.values(cluster.services).flat();
  const desired = (input.desiredStatus as string | undefined) ?? "RUNNING";
  tasks = tasks.filter((t) => (desired === "STOPPED" ? t.lastStatus === "STOPPED" : t.lastStatus !== "STOPPED"));
  const start = typeof input.nextToken === "string" ? Number(Buffer.from(input.nextToken, "base64").toString("utf8")) : 0;
  if (!Number.isInteger(start) || start < 0 || start > tasks.length) throw new AwsJsonError("InvalidParameterException", "The nextToken is not valid.");
  const size = Math.min(Number(input.maxResults ?? 100), options.pageSize ?? 100);
  const page = tasks.slice(start, start + size);
  const next = start + size < tasks.length ? Buffer.from(String(start + size)).toString("base64") : undefined;
  return { taskArns: page.map(names.task), ...(next ? { nextToken: next } : {}) };
}

function describeTask(options: FakeEcsOptions, cluster: FakeEcsCluster, task: FakeTask) {
  const names = arns(options, cluster);
  const details = [
    { name: "subnetId", value: "subnet-0fake0000000000001" },
    { name: "networkInterfaceId", value: `eni-${task.id.slice(0, 17)}` },
    ...(task.privateIPv4 ? [{ name: "privateIPv4Address", value: task.privateIPv4 }] : []),
  ];
  return {
    taskArn: names.task(task),
    clusterArn: names.cluster,
    taskDefinitionArn: names.taskDefinition(task),
    availabilityZone: task.availabilityZone,
    lastStatus: task.lastStatus ?? "RUNNING",
    desiredStatus: "RUNNING",
    launchType: "FARGATE",
    attachments: task.privateIPv4 ? [{ id: randomUUID(), type: "ElasticNetworkInterface", status: "ATTACHED", details }] : [],
  };
}

function describeTasks(options: FakeEcsOptions, input: Record<string, unknown>) {
  const cluster = findCluster(options, input.cluster);
  const wanted = input.tasks;
  if (!Array.isArray(wanted) || wanted.length === 0) throw new AwsJsonError("InvalidParameterException", "Tasks cannot be empty.");
  if (wanted.length > 100) throw new AwsJsonError("InvalidParameterException", "Tasks cannot have more than 100 elements.");
  const all = Object.values(cluster.services).flat();
  const tasks = [];
  const failures = [];
  for (const ref of wanted as string[]) {
    const task = all.find((t) => t.id === String(ref).split("/").pop());
    if (task) tasks.push(describeTask(options, cluster, task));
    else failures.push({ arn: ref, reason: "MISSING" });
  }
  return { tasks, failures };
}

/** Starts the fake ECS endpoint on `host:port` (default a free loopback port). */
export async function startFakeEcs(initial: FakeEcsOptions): Promise<FakeEcsServer> {
  let options = { ...initial };
  const calls: Record<string, number> = {};
  const send = (response: ServerResponse, status: number, body: unknown, errorType?: string) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      "Content-Type": "application/x-amz-json-1.1",
      "Content-Length": Buffer.byteLength(text),
      "x-amzn-RequestId": randomUUID(),
      ...(errorType ? { "x-amzn-ErrorType": errorType } : {}),
    });
    response.end(text);
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const body = await readBody(request);
      const target = String(request.headers["x-amz-target"] ?? "");
      if (request.method !== "POST" || !target.startsWith(TARGET_PREFIX)) throw new AwsJsonError("UnknownOperationException", "Only POST / with X-Amz-Target is supported");
      const action = target.slice(TARGET_PREFIX.length);
      if (!/AWS4-HMAC-SHA256 Credential=[^/]+\/\d{8}\/[^/]+\/ecs\//.test(String(request.headers.authorization ?? ""))) {
        throw new AwsJsonError("UnrecognizedClientException", "The security token included in the request is invalid.");
      }
      calls[action] = (calls[action] ?? 0) + 1;
      if (options.deny?.includes(action)) {
        throw new AwsJsonError("AccessDeniedException", `User: arn:aws:iam::123456789012:user/fleetscope is not authorized to perform: ecs:${action}`);
      }
      const input = body.trim() === "" ? {} : (JSON.parse(body) as Record<string, unknown>);
      if (action === "ListTasks") return send(response, 200, listTasks(options, input));
      if (action === "DescribeTasks") return send(response, 200, describeTasks(options, input));
      throw new AwsJsonError("UnknownOperationException", `${action} is not supported by this fake`);
    } catch (err) {
      const error = err instanceof AwsJsonError ? err : new AwsJsonError("ServerException", "An internal error occurred", 500);
      send(response, error.status, { __type: error.type, message: error.message }, error.type);
    }
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(initial.port ?? 0, initial.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    calls,
    update: (changes) => {
      options = { ...options, ...changes };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
