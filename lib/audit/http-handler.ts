import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { NodeHttpHandler } from "@smithy/node-http-handler";

/**
 * Idle connections kept per endpoint: an organisation scan has up to accounts x 17 calls at once
 * on one regional endpoint (16 instance-id slices and a groups page per region).
 */
export const MAX_IDLE_SOCKETS_PER_ENDPOINT = 1024;

/** The SDK's handler that every client shares: its `destroy()` (called by each client's) keeps the connections. */
class SharedHttpHandler extends NodeHttpHandler {
  override destroy(): void {
    // Shared by every client of the process: the connections outlive any one client.
  }
}

const holder = globalThis as unknown as { fleetscopeAwsHttpHandler?: SharedHttpHandler };

/**
 * The HTTP handler of the scanner's AWS clients (EC2 of every account and region, STS): the SDK's
 * NodeHttpHandler over one keep-alive agent per protocol for the whole process, so a region's
 * calls reuse the connections of earlier ones and of earlier scans instead of each client opening
 * (and, when destroyed, closing) its own. No cap on sockets: the scan's own bounds (accounts and
 * regions at once) bound the calls. A call that hangs fails (TimeoutError, retried) instead of only warning.
 */
export function sharedHttpHandler(): NodeHttpHandler {
  holder.fleetscopeAwsHttpHandler ??= new SharedHttpHandler({
    connectionTimeout: 10_000,
    requestTimeout: 120_000,
    throwOnRequestTimeout: true,
    httpAgent: new HttpAgent({ keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS_PER_ENDPOINT }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxFreeSockets: MAX_IDLE_SOCKETS_PER_ENDPOINT }),
  });
  return holder.fleetscopeAwsHttpHandler;
}
