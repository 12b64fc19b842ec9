import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CallStats } from "./call-stats";
import { describeInstances } from "./describe-instances";
import { describeRegions } from "./describe-regions";
import { describeSecurityGroups } from "./describe-security-groups";
import {
  authFailure,
  Ec2Error,
  errorDocument,
  invalidAction,
  missingParameter,
  requestLimitExceeded,
  unauthorizedOperation,
} from "./ec2-error";
import type { FakeFleet, FakeRegion, RegionFailure } from "./fleet-types";
import { parseQueryParams } from "./query-params";
import { parseCredentialScope, type CredentialScope } from "./sigv4-scope";
import { parseTemporaryAccessKeyId } from "../sts/temporary-keys";
import { ThrottlePolicy, type ThrottleConfig } from "./throttle";
import { responseDocument } from "./xml";
import { readBody } from "../http";

export const FAKE_EC2_ACTIONS = ["DescribeRegions", "DescribeInstances", "DescribeSecurityGroups"] as const;

export type LatencyMs = number | ((call: { region: string; action: string; account: string }) => number);

export interface FakeEc2Options {
  /** The fleet of the caller's own credentials (any access key the fake STS did not issue). */
  fleet: FakeFleet;
  /**
   * The fleets of other accounts, by account id: a caller signing with credentials of the fake STS
   * (fakes/sts: the access key id names the account) sees that account's fleet, or AuthFailure
   * when it has none here; once the credentials have expired, every call answers ExpiredToken.
   */
  accounts?: Record<string, FakeFleet>;
  /**
   * Time from a request to its answer (errors included), the endpoint's own work inside it, as a
   * remote endpoint's response time: the answer is built first, then held for what is left. Default 0.
   */
  latencyMs?: LatencyMs;
  throttle?: ThrottleConfig;
  /** Extra per-region failures on top of each region's own `failure`. */
  regionFailures?: Record<string, RegionFailure>;
  /** The most items the server puts in one page, whatever MaxResults asks (EC2 may return short pages). */
  maxPageSize?: number;
  /**
   * Keep each answer's XML and give it again to the same request (same region and form body)
   * until the next `update`, instead of rendering it again. For a fleet that is never changed in
   * place (the bench): the endpoint's rendering then costs nothing after the first scan, as a
   * remote endpoint's work costs the scanner's machine nothing. Default false.
   */
  reuseAnswers?: boolean;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
}

export interface FakeEc2Server {
  /** e.g. `http://127.0.0.1:41234`: give it to the SDK as `endpoint` or `AWS_ENDPOINT_URL_EC2`. */
  url: string;
  stats: CallStats;
  /** Changes the fleet, latency, throttling or failures from the next request on (throttle counters restart). */
  update(options: Partial<Omit<FakeEc2Options, "port" | "host">>): void;
  /** Resolves once no request is being served (e.g. after a client gave up on a slow one). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** The account whose fleet a caller sees: its own, or the one its temporary credentials were issued for. */
function callerFleet(config: FakeEc2Options, scope: CredentialScope): { account: string; fleet: FakeFleet } {
  const temporary = parseTemporaryAccessKeyId(scope.accessKeyId);
  if (!temporary) return { account: config.fleet.ownerId, fleet: config.fleet };
  if (Date.now() >= temporary.expiresAtMs) throw new Ec2Error("ExpiredToken", "The security token included in the request is expired", 400);
  const fleet = config.accounts?.[temporary.accountId];
  if (!fleet) throw authFailure();
  return { account: temporary.accountId, fleet };
}

/** Where the region's requests stop: EC2's answer for a region that is not enabled or is denied. */
function regionGate(region: FakeRegion | undefined, action: string, extra: RegionFailure | undefined): Ec2Error | undefined {
  if (!region || region.optInStatus === "not-opted-in") return authFailure();
  const failure = extra ?? region.failure;
  if (failure === "AuthFailure") return authFailure();
  if (failure === "UnauthorizedOperation") return unauthorizedOperation(action);
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts an HTTP server speaking the EC2 Query protocol for DescribeRegions, DescribeInstances and DescribeSecurityGroups. */
export async function startFakeEc2(options: FakeEc2Options): Promise<FakeEc2Server> {
  let config = { ...options };
  let throttle = new ThrottlePolicy(config.throttle);
  const stats = new CallStats();
  const answers = new Map<string, string>();

  const answer = (response: ServerResponse, status: number, body: string) => {
    response.writeHead(status, {
      "Content-Type": "text/xml;charset=UTF-8",
      "Content-Length": Buffer.byteLength(body),
      Date: new Date().toUTCString(),
      Server: "AmazonEC2",
    });
    response.end(body);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID();
    const received = performance.now();
    let latency = 0;
    let status = 200;
    let document = "";
    let region = "(none)";
    const scope = parseCredentialScope(request.headers.authorization);
    const temporary = scope && parseTemporaryAccessKeyId(scope.accessKeyId);
    const account = temporary ? temporary.accountId : config.fleet.ownerId;
    stats.begin(account);
    let action = "(none)";
    let outcome: "ok" | "throttled" | "error" = "error";
    try {
      const body = await readBody(request);
      const params = parseQueryParams(request.method === "POST" ? body : "");
      action = params.action ?? "(none)";
      if (scope) region = scope.region;

      latency = typeof config.latencyMs === "function" ? config.latencyMs({ region, action, account }) : (config.latencyMs ?? 0);

      if (request.method !== "POST" || request.url?.split("?")[0] !== "/") {
        throw new Ec2Error("InvalidAction", "Only POST / is supported by this endpoint", 400);
      }
      if (!scope || scope.service !== "ec2") throw authFailure();
      const { fleet } = callerFleet(config, scope);
      const fakeRegion = fleet.regions.find((r) => r.name === scope.region);
      const gate = regionGate(fakeRegion, action, config.regionFailures?.[scope.region]);
      if (gate || !fakeRegion) throw gate ?? authFailure();
      if (!params.action) throw missingParameter("Action");
      if (!(FAKE_EC2_ACTIONS as readonly string[]).includes(params.action)) throw invalidAction(params.action);
      if (!params.version) throw missingParameter("Version");
      if (throttle.shouldThrottle(region, action)) {
        outcome = "throttled";
        throw requestLimitExceeded();
      }

      const ownerId = fleet.ownerId;
      const answerKey = config.reuseAnswers ? `${ownerId}\n${region}\n${body}` : undefined;
      let xml = answerKey === undefined ? undefined : answers.get(answerKey);
      if (xml === undefined) {
        if (action === "DescribeRegions") xml = describeRegions(fleet, params);
        else if (action === "DescribeInstances") xml = describeInstances(fakeRegion, ownerId, params, config.maxPageSize);
        else xml = describeSecurityGroups(fakeRegion, ownerId, params, config.maxPageSize);
        if (answerKey !== undefined) answers.set(answerKey, xml);
      }
      outcome = "ok";
      document = responseDocument(action, requestId, xml);
    } catch (error) {
      const ec2Error =
        error instanceof Ec2Error ? error : new Ec2Error("InternalError", "An internal error has occurred", 500);
      status = ec2Error.status;
      document = errorDocument(ec2Error, requestId);
    }
    const remaining = latency - (performance.now() - received);
    if (remaining > 0) await sleep(remaining);
    const failure = config.regionFailures?.[region] ?? config.fleet.regions.find((r) => r.name === region)?.failure;
    if (failure === "ConnectionDropped" && action === "DescribeInstances" && status === 200) {
      // Mid-page: the headers promise the whole document, half of it comes, then the connection goes.
      response.writeHead(200, { "Content-Type": "text/xml;charset=UTF-8", "Content-Length": Buffer.byteLength(document) });
      response.write(document.slice(0, Math.floor(document.length / 2)));
      setTimeout(() => response.socket?.destroy(), 5);
      stats.end(region, action, "error");
      return;
    }
    try {
      answer(response, status, document);
    } finally {
      stats.end(region, action, outcome, account);
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    stats,
    update(changes) {
      config = { ...config, ...changes };
      answers.clear();
      if ("throttle" in changes) throttle = new ThrottlePolicy(config.throttle);
    },
    idle: async () => {
      while (stats.current > 0) await sleep(5);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
