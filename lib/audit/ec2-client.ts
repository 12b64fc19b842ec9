import { EC2Client, type EC2ClientConfig } from "@aws-sdk/client-ec2";
import { sharedHttpHandler } from "./http-handler";
import type { KnownSecrets } from "./scan-error";

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * The EC2 client of one region: the unmodified SDK client in standard retry mode with a higher
 * max-attempts (EC2 throttles per account and region), sending through the process's shared
 * keep-alive handler (sharedHttpHandler) unless given one. Credentials, endpoint
 * (`AWS_ENDPOINT_URL_EC2`) and everything not given come from the SDK's standard chains.
 *
 * When no `logger` is configured, the SDK's logger middleware is removed: with its default no-op
 * logger it still builds a redacted copy of every response to log it (about a sixth of the CPU
 * of reading a 1,000-instance page), and logs nothing.
 */
export function createEc2Client(region: string | undefined, config: EC2ClientConfig = {}): EC2Client {
  const client = new EC2Client({
    retryMode: "standard",
    maxAttempts: DEFAULT_MAX_ATTEMPTS,
    requestHandler: sharedHttpHandler(),
    ...config,
    ...(region === undefined ? {} : { region }),
  });
  if (config.logger === undefined) client.middlewareStack.remove("loggerMiddleware");
  return client;
}

/** The region the SDK's chain configures (AWS_REGION, profile), or the fallback. */
export async function configuredRegion(fallback = "us-east-1"): Promise<string> {
  const client = new EC2Client({});
  try {
    return await client.config.region();
  } catch {
    return fallback;
  } finally {
    client.destroy();
  }
}

/** Something that names the account and endpoint a client talks to, for caches (never a secret). */
export async function credentialScopeKey(client: EC2Client): Promise<string> {
  const credentials = await client.config.credentials();
  const region = await client.config.region();
  let endpoint = "default";
  if (client.config.endpoint) {
    const resolved = await client.config.endpoint();
    endpoint = `${resolved.protocol}//${resolved.hostname}:${resolved.port ?? ""}${resolved.path}`;
  } else if (typeof client.config.serviceConfiguredEndpoint === "function") {
    endpoint = (await client.config.serviceConfiguredEndpoint()) ?? "default";
  }
  return `${credentials.accessKeyId}|${region}|${endpoint}`;
}

/** The credential values a client uses, to scrub them from error messages; empty when unresolvable. */
export async function knownSecrets(client: EC2Client): Promise<KnownSecrets> {
  try {
    const { accessKeyId, secretAccessKey, sessionToken } = await client.config.credentials();
    return { accessKeyId, secretAccessKey, sessionToken };
  } catch {
    return {};
  }
}
