import pLimit from "p-limit";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import { assumeRoleCredentials, type AccountTarget, type AssumeRoleSettings } from "./account-credentials";
import { clientPoolOf } from "./client-pool";
import { describeScanError, ScanFailedError } from "./scan-error";
import { defaultClientFactory, scanFleet } from "./scanner";
import { SELF_ACCOUNT, type Ec2ClientFactory, type RegionResult, type RegionUpdate, type ScanErrorInfo, type ScanOptions, type ScanResult } from "./scan-types";

import { DEFAULT_ACCOUNT_CONCURRENCY } from "./scan-defaults";

export { DEFAULT_ACCOUNT_CONCURRENCY };

export interface AccountResult {
  accountId: string;
  name?: string;
  status: "ok" | "error";
  /** STS's code and message when the role could not be assumed, or why the regions could not be listed. */
  error?: ScanErrorInfo;
  durationMs: number;
}

export interface AccountScanOptions extends Omit<ScanOptions, "account" | "credentials" | "clientsKept" | "onRegionUpdate" | "earlierInstanceCounts"> {
  accounts: readonly AccountTarget[];
  /** Accounts scanned at the same time (default 8); `concurrency` stays the bound on regions within one account. */
  accountConcurrency?: number;
  assumeRole?: AssumeRoleSettings;
  /** How an account's credentials are made (default: assumeRoleCredentials for accounts with a role). */
  credentialsFor?: (target: AccountTarget & { roleArn: string }) => AwsCredentialIdentityProvider;
  /** Instances per region in an earlier scan, by account. */
  earlierInstanceCounts?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  onRegionUpdate?: (account: string, region: string, update: RegionUpdate) => void;
  /** An account failed as a whole: its one "*" row. */
  onAccountFailed?: (row: RegionResult) => void;
}

export interface AccountScanResult extends ScanResult {
  accounts: AccountResult[];
}

/** Where an account fails as a whole: one region row "*". */
export const WHOLE_ACCOUNT = "*";

const isExpiredToken = (error: unknown) => typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ExpiredToken";

/**
 * Each client of an account reached through a role renews the account's credentials and sends
 * the call again once when it is answered ExpiredToken (credentials revoked or expired earlier
 * than their Expiration said); the SDK itself does not retry that code.
 */
function refreshingOnExpiredToken(factory: Ec2ClientFactory): Ec2ClientFactory {
  return (region, defaults) => {
    const client = factory(region, defaults);
    if (!defaults.credentials) return client;
    const credentials = client.config.credentials as (options?: { forceRefresh?: boolean }) => Promise<unknown>;
    client.middlewareStack.add(
      (next) => async (args) => {
        try {
          return await next(args);
        } catch (error) {
          if (!isExpiredToken(error)) throw error;
          await credentials({ forceRefresh: true });
          return next(args);
        }
      },
      { step: "initialize", name: "fleetscopeRefreshOnExpiredToken" },
    );
    return client;
  };
}

function failedAccountRegion(accountId: string, error: ScanErrorInfo): RegionResult {
  return { account: accountId, region: WHOLE_ACCOUNT, status: "error", error, total: 0, running: 0, untagged: 0, openIngress: 0, durationMs: 0 };
}

/** What one account's scan gave: its row, and its regions' results (or its one failed row). */
export interface AccountOutput {
  account: AccountResult;
  result?: ScanResult;
  failed?: RegionResult;
}

/**
 * Scans several accounts, `accountConcurrency` at a time, each one's regions `concurrency` at a
 * time: a role is assumed first (STS AssumeRole through the SDK's provider, shared by the
 * account's regions and renewed before it expires), then the account is scanned as scanFleet
 * does. An account whose role cannot be assumed, or whose regions cannot be listed, is one failed
 * row ("*") with STS's (or EC2's) reason; every other account completes. A scan of only the
 * server's own credentials fails as scanFleet does (ScanFailedError) when its regions cannot be listed.
 */
export async function scanAccounts(options: AccountScanOptions): Promise<AccountScanResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const outputs = await scanEachAccount(options);
  return combineAccounts(outputs, startedAt, [...options.requiredTags], Math.round(performance.now() - started));
}

/** What scanAccounts does before it combines: each account's output, in the order given. */
export async function scanEachAccount(options: AccountScanOptions): Promise<AccountOutput[]> {
  const { accounts, signal } = options;
  const accountConcurrency = options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY;
  if (!Number.isInteger(accountConcurrency) || accountConcurrency < 1) throw new RangeError(`accountConcurrency must be a positive integer, got ${accountConcurrency}`);
  const onlySelf = accounts.length === 1 && !accounts[0]!.roleArn;
  const baseFactory = options.clientFactory ?? defaultClientFactory();
  const pool = clientPoolOf(baseFactory, refreshingOnExpiredToken);
  const credentialsFor = options.credentialsFor ?? ((target) => assumeRoleCredentials(target, { maxAttempts: options.maxAttempts, ...options.assumeRole }));

  const scanOne = async (target: AccountTarget): Promise<AccountOutput> => {
    signal?.throwIfAborted();
    const accountStarted = performance.now();
    const accountId = target.roleArn ? target.accountId : SELF_ACCOUNT;
    const fail = (error: ScanErrorInfo) => {
      const failed = failedAccountRegion(accountId, error);
      try {
        options.onAccountFailed?.(failed);
      } catch {
        // A broken progress listener must not break the scan.
      }
      return { account: { accountId, name: target.name, status: "error" as const, error, durationMs: Math.round(performance.now() - accountStarted) }, failed };
    };
    let clientFactory = baseFactory;
    if (target.roleArn) {
      const role = { ...target, roleArn: target.roleArn };
      const credentials = credentialsFor(role);
      try {
        await credentials();
      } catch (error) {
        signal?.throwIfAborted();
        return fail(describeScanError(error));
      }
      clientFactory = pool.use(role, credentials);
    }
    try {
      const result = await scanFleet({
        ...options,
        account: accountId,
        clientFactory,
        clientsKept: clientFactory !== baseFactory,
        earlierInstanceCounts: options.earlierInstanceCounts?.[accountId],
        onRegionUpdate: (region, update) => options.onRegionUpdate?.(accountId, region, update),
      });
      return { account: { accountId, name: target.name, status: "ok", durationMs: Math.round(performance.now() - accountStarted) }, result };
    } catch (error) {
      if (error instanceof ScanFailedError && !onlySelf) return fail(error.info);
      throw error;
    }
  };

  const limit = pLimit(accountConcurrency);
  const scans = new Map<AccountTarget, Promise<AccountOutput>>();
  for (const target of busiestFirst(accounts, options.earlierInstanceCounts)) scans.set(target, limit(() => scanOne(target)));
  try {
    return await Promise.all(accounts.map((target) => scans.get(target)!));
  } catch (error) {
    limit.clearQueue();
    throw error;
  }
}

/**
 * The accounts in the order they start: the one with the largest region in the earlier scan first
 * (its chain is the scan's critical path: it must not wait behind the others for a place within
 * the accounts bound, nor for the event loop), the others as given.
 */
export function busiestFirst(accounts: readonly AccountTarget[], earlier: AccountScanOptions["earlierInstanceCounts"]): AccountTarget[] {
  const largest = (target: AccountTarget) => Math.max(0, ...Object.values(earlier?.[target.roleArn ? target.accountId : SELF_ACCOUNT] ?? {}));
  return accounts.map((target, i) => ({ target, i, size: largest(target) })).sort((a, b) => b.size - a.size || a.i - b.i).map((a) => a.target);
}

/** The accounts' outputs as one scan's result, in the order of `outputs`. */
export function combineAccounts(
  outputs: readonly AccountOutput[],
  startedAt: string,
  requiredTags: string[],
  durationMs: number,
): AccountScanResult {
  const regions = outputs.flatMap((o) => (o.result ? o.result.regions : o.failed ? [o.failed] : []));
  const untagged = outputs.flatMap((o) => o.result?.untagged ?? []);
  const openIngress = outputs.flatMap((o) => o.result?.openIngress ?? []);
  const scanned = regions.filter((r) => r.region !== WHOLE_ACCOUNT);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    requiredTags,
    regions,
    untagged,
    openIngress,
    accounts: outputs.map((o) => o.account),
    summary: {
      instances: scanned.reduce((sum, r) => sum + r.total, 0),
      running: scanned.reduce((sum, r) => sum + r.running, 0),
      untagged: untagged.length,
      openIngress: openIngress.length,
      failedRegions: scanned.filter((r) => r.status === "error").length,
      regionsScanned: scanned.length,
      durationMs,
      accounts: outputs.length,
      failedAccounts: outputs.filter((o) => o.account.status === "error").length,
    },
  };
}
