import type { STSClientConfig } from "@aws-sdk/client-sts";
import { fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import { doesIdentityRequireRefresh, memoizeIdentityProvider } from "@smithy/core";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { sharedHttpHandler } from "./http-handler";

/** An account to scan: its id and the role assumed in it (none: the server's own credentials). */
export interface AccountTarget {
  accountId: string;
  name?: string;
  roleArn?: string;
  externalId?: string;
}

export interface AssumeRoleSettings {
  /** The STS client's settings (endpoint, region, credentials): default the SDK's chains (AWS_ENDPOINT_URL_STS works). */
  stsClientConfig?: STSClientConfig;
  /** Credentials are renewed this long before they expire (default 5 minutes, as the SDK's clients do). */
  refreshBeforeMs?: number;
  /** How long assumed credentials last (default 3600 s, STS's default and an account's usual maximum). */
  durationSeconds?: number;
  sessionName?: string;
  maxAttempts?: number;
}

export const ROLE_SESSION_NAME = "fleetscope-audit";
export const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * The credentials of one account's role: the SDK's own AssumeRole provider (fromTemporaryCredentials),
 * memoized with the SDK's identity memoizer, so every region's client of that account shares one
 * AssumeRole, renewed `refreshBeforeMs` before the credentials expire, and renewed at once when
 * called with `{ forceRefresh: true }` (an ExpiredToken answer).
 */
export function assumeRoleCredentials(target: AccountTarget & { roleArn: string }, settings: AssumeRoleSettings = {}): AwsCredentialIdentityProvider {
  const refreshBeforeMs = settings.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
  const assume = fromTemporaryCredentials({
    params: {
      RoleArn: target.roleArn,
      RoleSessionName: settings.sessionName ?? ROLE_SESSION_NAME,
      DurationSeconds: settings.durationSeconds ?? 3600,
      ...(target.externalId ? { ExternalId: target.externalId } : {}),
    },
    clientConfig: { retryMode: "standard", maxAttempts: settings.maxAttempts ?? 10, requestHandler: sharedHttpHandler(), ...settings.stsClientConfig },
  });
  const isExpired = (identity: { expiration?: Date }) =>
    identity.expiration !== undefined && identity.expiration.getTime() - Date.now() < refreshBeforeMs;
  const provider = memoizeIdentityProvider(assume, isExpired, doesIdentityRequireRefresh) as AwsCredentialIdentityProvider & { memoized?: boolean };
  // The clients use it as it is (no second cache of their own): one AssumeRole per account.
  provider.memoized = true;
  return provider;
}
