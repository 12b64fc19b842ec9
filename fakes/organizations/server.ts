import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { AwsJsonError, readBody } from "../http";

/** An account of the fake organisation, as ListAccounts describes it. */
export interface FakeOrgAccount {
  id: string;
  name: string;
  email?: string;
  status?: "ACTIVE" | "SUSPENDED" | "PENDING_CLOSURE";
}

export interface FakeOrganizationsOptions {
  accounts: FakeOrgAccount[];
  /** The most accounts in one page, whatever MaxResults asks (default 20, the API's maximum). */
  pageSize?: number;
  /** The caller is not the management or a delegated administrator account: AccessDeniedException. */
  denied?: boolean;
  latencyMs?: number;
  port?: number;
  host?: string;
}

export interface FakeOrganizationsServer {
  url: string;
  stats: { calls: number };
  update(options: Partial<Omit<FakeOrganizationsOptions, "port" | "host">>): void;
  close(): Promise<void>;
}

const TARGET_PREFIX = "AWSOrganizationsV20161128.";
const ORG_ID = "o-fake0example";
const MANAGEMENT = "000000000000";
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function listAccounts(body: { NextToken?: unknown; MaxResults?: unknown }, options: FakeOrganizationsOptions): object {
  const max = body.MaxResults === undefined ? 20 : Number(body.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > 20) throw new AwsJsonError("InvalidInputException", "MaxResults must be between 1 and 20");
  let start = 0;
  if (body.NextToken !== undefined) {
    const decoded = /^page:(\d+)$/.exec(Buffer.from(String(body.NextToken), "base64").toString("utf8"));
    if (!decoded) throw new AwsJsonError("InvalidInputException", "You provided a value that does not match the required pattern: NextToken");
    start = Number(decoded[1]);
  }
  const size = Math.min(max, options.pageSize ?? 20);
  const page = options.accounts.slice(start, start + size);
  const next = start + size < options.accounts.length ? Buffer.from(`page:${start + size}`).toString("base64") : undefined;
  return {
    Accounts: page.map((account) => ({
      Id: account.id,
      Arn: `arn:aws:organizations::${MANAGEMENT}:account/${ORG_ID}/${account.id}`,
      Email: account.email ?? `aws+${account.id}@example.com`,
      Name: account.name,
      Status: account.status ?? "ACTIVE",
      JoinedMethod: "CREATED",
      JoinedTimestamp: 1_700_000_000.123,
    })),
    ...(next ? { NextToken: next } : {}),
  };
}

/** Starts an HTTP server speaking the AWS JSON 1.1 protocol of Organizations for ListAccounts. */
export async function startFakeOrganizations(initial: FakeOrganizationsOptions): Promise<FakeOrganizationsServer> {
  let options = { ...initial };
  const stats = { calls: 0 };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const received = performance.now();
    stats.calls += 1;
    let status = 200;
    let payload: object;
    try {
      const text = await readBody(request);
      const target = String(request.headers["x-amz-target"] ?? "");
      if (request.method !== "POST" || !target.startsWith(TARGET_PREFIX)) throw new AwsJsonError("UnknownOperationException", "Missing or unknown X-Amz-Target");
      const operation = target.slice(TARGET_PREFIX.length);
      if (operation !== "ListAccounts") throw new AwsJsonError("UnknownOperationException", `Operation ${operation} is not supported by this endpoint`);
      if (options.denied) throw new AwsJsonError("AccessDeniedException", "You don't have permissions to access this resource: call ListAccounts from the management account or a delegated administrator");
      payload = listAccounts(text.trim() === "" ? {} : (JSON.parse(text) as object), options);
    } catch (error) {
      const e = error instanceof AwsJsonError ? error : new AwsJsonError("ServiceException", "AWS Organizations can't complete your request because of an internal service error", 500);
      status = e.status;
      payload = { __type: e.type, Message: e.message };
    }
    const remaining = (options.latencyMs ?? 0) - (performance.now() - received);
    if (remaining > 0) await sleep(remaining);
    const body = JSON.stringify(payload);
    response.writeHead(status, {
      "Content-Type": "application/x-amz-json-1.1",
      "Content-Length": Buffer.byteLength(body),
      "x-amzn-RequestId": randomUUID(),
      Date: new Date().toUTCString(),
    });
    response.end(body);
  };
  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(initial.port ?? 0, initial.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${address.port}`,
    stats,
    update(changes) {
      options = { ...options, ...changes };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
