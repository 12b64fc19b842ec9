import { ConfiguredRetryStrategy } from "@smithy/core/retry";
import { createEc2Client } from "../../lib/audit/ec2-client";
import type { Ec2ClientFactory } from "../../lib/audit/scan-types";

/** Credentials the fake accepts (it never checks signatures): nothing real. */
export const FAKE_CREDENTIALS: { readonly accessKeyId: string; readonly secretAccessKey: string } = {
  accessKeyId: "AKIAFAKEEC2EXAMPLE00",
  secretAccessKey: "fakeEc2SecretKey/do-not-use/0000000000",
};

export interface FakeClientOptions {
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * Delay before each retry, in ms (default: the SDK's own exponential backoff). Uses the SDK's
   * ConfiguredRetryStrategy, the standard strategy with a chosen backoff, so tests stay fast.
   */
  retryDelayMs?: number;
  /** Per-request timeout of the SDK's HTTP handler. */
  requestTimeoutMs?: number;
}

/** Clients of the fake endpoint for scanFleet's `clientFactory` (tests, demos, the bench). */
export function fakeEc2ClientFactory(url: string, options: FakeClientOptions = {}): Ec2ClientFactory {
  return (region, { maxAttempts, credentials }) =>
    createEc2Client(region, {
      endpoint: url,
      // A copy: the SDK records where credentials came from on the object itself. An account's
      // assumed-role credentials (scanAccounts) are used as given.
      credentials: credentials ?? { ...(options.credentials ?? FAKE_CREDENTIALS) },
      maxAttempts,
      ...(options.retryDelayMs === undefined
        ? {}
        : { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, () => options.retryDelayMs ?? 0) }),
      ...(options.requestTimeoutMs === undefined
        ? {}
        : { requestHandler: { connectionTimeout: 5_000, requestTimeout: options.requestTimeoutMs, throwOnRequestTimeout: true } }),
    });
}
