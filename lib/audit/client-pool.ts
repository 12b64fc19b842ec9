import type { EC2Client } from "@aws-sdk/client-ec2";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { AccountTarget } from "./account-credentials";
import type { Ec2ClientFactory } from "./scan-types";

/** Clients kept per factory; past it, the accounts used longest ago give theirs up. */
export const MAX_POOLED_CLIENTS = 4096;

type Provider = (options?: { forceRefresh?: boolean }) => Promise<AwsCredentialIdentity>;

interface AccountClients {
  /** This scan's credentials of the account (each scan assumes its role afresh). */
  current: Provider;
  /** What every client of the account signs with: the latest scan's credentials. */
  credentials: AwsCredentialIdentityProvider;
  clients: Map<string, EC2Client>;
}

/**
 * The EC2 clients of the accounts reached through a role, kept across scans: one per account (its
 * role and external id), region and max-attempts, made once by the factory. Making a client costs
 * more than a call does (the SDK resolves a dozen settings through its chains per client, then
 * its endpoint and signer at its first call), and an organisation scan needs one per account and
 * region. A kept client signs with the credentials of the account's latest scan: each scan still
 * assumes the role (AssumeRole through the SDK's provider) and hands its provider in with `use`.
 */
export class Ec2ClientPool {
  private readonly accounts = new Map<string, AccountClients>();
  private size = 0;

  constructor(
    private readonly make: Ec2ClientFactory,
    private readonly maxClients = MAX_POOLED_CLIENTS,
  ) {}

  /** The account's clients from now on sign with `credentials`; returns the factory of its clients. */
  use(target: AccountTarget & { roleArn: string }, credentials: AwsCredentialIdentityProvider): Ec2ClientFactory {
    const key = `${target.accountId}\n${target.roleArn}\n${target.externalId ?? ""}`;
    let account = this.accounts.get(key);
    if (account) {
      this.accounts.delete(key); // most recently used last
    } else {
      const entry: Partial<AccountClients> = { clients: new Map() };
      const delegate = ((options?: { forceRefresh?: boolean }) => entry.current!(options)) as AwsCredentialIdentityProvider & { memoized?: boolean };
      // The current provider caches and renews itself: the clients use it as it is.
      delegate.memoized = true;
      entry.credentials = delegate;
      account = entry as AccountClients;
    }
    account.current = credentials as Provider;
    this.accounts.set(key, account);
    const { clients } = account;
    return (region, defaults) => {
      const clientKey = `${region}\n${defaults.maxAttempts}`;
      let client = clients.get(clientKey);
      if (!client) {
        client = this.make(region, { maxAttempts: defaults.maxAttempts, credentials: account.credentials });
        clients.set(clientKey, client);
        this.size += 1;
        this.evict();
      }
      return client;
    };
  }

  private evict(): void {
    for (const [key, account] of this.accounts) {
      if (this.size <= this.maxClients || this.accounts.size === 1) return;
      this.accounts.delete(key);
      this.size -= account.clients.size;
      for (const client of account.clients.values()) client.destroy();
    }
  }
}

const pools = new WeakMap<Ec2ClientFactory, Ec2ClientPool>();

/** The pool of one factory's clients (the process-wide default's, or a test's own). */
export function clientPoolOf(factory: Ec2ClientFactory, wrap: (factory: Ec2ClientFactory) => Ec2ClientFactory): Ec2ClientPool {
  let pool = pools.get(factory);
  if (!pool) pools.set(factory, (pool = new Ec2ClientPool(wrap(factory))));
  return pool;
}
