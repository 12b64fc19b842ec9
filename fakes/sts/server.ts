import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { escapeXml } from "../ec2/xml";
import { accessDenied, accountSuspended, regionDisabled, STS_NAMESPACE, stsErrorDocument, StsError, throttling, validationError } from "./sts-error";
import { temporaryAccessKeyId } from "./temporary-keys";

/** An account as the fake STS knows it. */
export interface FakeStsAccount {
  accountId: string;
  /** Role names that may be assumed (default: any). */
  roleNames?: string[];
  /** When set, AssumeRole must give this ExternalId. */
  externalId?: string;
  /** Every AssumeRole into it answers AccessDenied (the role's trust policy does not name the caller). */
  denied?: boolean;
  suspended?: boolean;
  /** STS is not activated in the region asked: RegionDisabledException. */
  regionDisabled?: boolean;
}

export interface FakeStsOptions {
  accounts: FakeStsAccount[];
  latencyMs?: number;
  /** The first `failFirst` AssumeRole calls of each account answer Throttling. */
  throttle?: { failFirst: number; accounts?: string[] };
  /**
   * The credentials stop working (the fake EC2 answers ExpiredToken) this long after they are
   * issued, although their Expiration says DurationSeconds: a token that expires mid-scan.
   */
  expireEarlyMs?: number;
  /** Overrides the DurationSeconds asked (seconds; the Expiration and the real expiry). */
  durationSeconds?: number;
  port?: number;
  host?: string;
}

export interface FakeStsServer {
  url: string;
  stats: { calls: number; byAccount: Record<string, number>; inFlight: number; maxInFlight: number; reset(): void };
  update(options: Partial<Omit<FakeStsOptions, "port" | "host">>): void;
  close(): Promise<void>;
}

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]{1,64})$/;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function credentialsDocument(accountId: string, roleName: string, session: string, options: FakeStsOptions, asked: number, requestId: string): string {
  const durationSeconds = options.durationSeconds ?? asked;
  const now = Date.now();
  const expiration = new Date(now + durationSeconds * 1000);
  const realExpiry = options.expireEarlyMs === undefined ? expiration.getTime() : now + options.expireEarlyMs;
  const accessKeyId = temporaryAccessKeyId(accountId, realExpiry);
  return (
    `<AssumeRoleResponse xmlns="${STS_NAMESPACE}"><AssumeRoleResult>` +
    `<SourceIdentity></SourceIdentity>` +
    `<AssumedRoleUser><AssumedRoleId>AROA${accountId}FAKE:${escapeXml(session)}</AssumedRoleId>` +
    `<Arn>arn:aws:sts::${accountId}:assumed-role/${escapeXml(roleName)}/${escapeXml(session)}</Arn></AssumedRoleUser>` +
    `<Credentials><AccessKeyId>${accessKeyId}</AccessKeyId><SecretAccessKey>${randomBytes(30).toString("base64")}</SecretAccessKey>` +
    `<SessionToken>FQoGZXIvYXdzEFAKE${randomBytes(48).toString("base64")}</SessionToken><Expiration>${expiration.toISOString()}</Expiration></Credentials>` +
    `<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}

/** Starts an HTTP server speaking STS's Query protocol for AssumeRole. The signature is never checked. */
export async function startFakeSts(initial: FakeStsOptions): Promise<FakeStsServer> {
  let options = { ...initial };
  let throttled = new Map<string, number>();
  const stats = {
    calls: 0,
    byAccount: {} as Record<string, number>,
    inFlight: 0,
    maxInFlight: 0,
    reset() {
      this.calls = 0;
      this.byAccount = {};
      this.maxInFlight = this.inFlight;
    },
  };

  const assumeRole = (params: URLSearchParams, requestId: string): string => {
    const roleArn = params.get("RoleArn") ?? "";
    const session = params.get("RoleSessionName") ?? "";
    const match = ROLE_ARN.exec(roleArn);
    if (!match) throw validationError(`1 validation error detected: Value '${roleArn.slice(0, 200)}' at 'roleArn' failed to satisfy constraint: not a role ARN`);
    if (!/^[\w+=,.@-]{2,64}$/.test(session)) throw validationError("1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint");
    const [, accountId = "", roleName = ""] = match;
    stats.byAccount[accountId] = (stats.byAccount[accountId] ?? 0) + 1;
    const throttle = options.throttle;
    if (throttle && (!throttle.accounts || throttle.accounts.includes(accountId))) {
      const failed = throttled.get(accountId) ?? 0;
      if (failed < throttle.failFirst) {
        throttled.set(accountId, failed + 1);
        throw throttling();
      }
    }
    const account = options.accounts.find((a) => a.accountId === accountId);
    if (!account || account.denied) throw accessDenied(roleArn);
    if (account.suspended) throw accountSuspended(accountId);
    if (account.regionDisabled) throw regionDisabled(accountId);
    if (account.roleNames && !account.roleNames.includes(roleName)) throw accessDenied(roleArn);
    if (account.externalId !== undefined && params.get("ExternalId") !== account.externalId) throw accessDenied(roleArn);
    const asked = Number(params.get("DurationSeconds") ?? 3600);
    return credentialsDocument(accountId, roleName, session, options, Number.isFinite(asked) ? asked : 3600, requestId);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const received = performance.now();
    const requestId = randomUUID();
    stats.calls += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let status = 200;
    let document: string;
    try {
      const params = new URLSearchParams(await readBody(request));
      if (request.method !== "POST") throw new StsError("InvalidAction", "Only POST / is supported by this endpoint", 400);
      const action = params.get("Action");
      if (action !== "AssumeRole") throw new StsError("InvalidAction", `Could not find operation ${action ?? "(none)"} for version 2011-06-15`, 400);
      document = assumeRole(params, requestId);
    } catch (error) {
      const stsError = error instanceof StsError ? error : new StsError("InternalFailure", "An internal error occurred", 500, "Receiver");
      status = stsError.status;
      document = stsErrorDocument(stsError, requestId);
    }
    const remaining = (options.latencyMs ?? 0) - (performance.now() - received);
    if (remaining > 0) await sleep(remaining);
    stats.inFlight -= 1;
    response.writeHead(status, { "Content-Type": "text/xml", "Content-Length": Buffer.byteLength(document), Date: new Date().toUTCString(), "x-amzn-RequestId": requestId });
    response.end(document);
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
      if ("throttle" in changes) throttled = new Map();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
