/**
 * When the fake endpoint answers RequestLimitExceeded. Either the first `failFirst` calls of every
 * region+action pair fail (deterministic, for tests: `Infinity` makes every call fail), or a token
 * bucket per region (EC2 throttles per account and region) refills at `ratePerSecond`.
 */
export type ThrottleConfig =
  | { failFirst: number; regions?: string[]; actions?: string[] }
  | { ratePerSecond: number; burst?: number; regions?: string[]; actions?: string[] };

export class ThrottlePolicy {
  private readonly failedSoFar = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(private readonly config: ThrottleConfig | undefined) {}

  /** Decides one call; counts it against the policy. */
  shouldThrottle(region: string, action: string, now = performance.now()): boolean {
    const config = this.config;
    if (!config) return false;
    if (config.regions && !config.regions.includes(region)) return false;
    if (config.actions && !config.actions.includes(action)) return false;

    if ("failFirst" in config) {
      const key = `${region}|${action}`;
      const failed = this.failedSoFar.get(key) ?? 0;
      if (failed >= config.failFirst) return false;
      this.failedSoFar.set(key, failed + 1);
      return true;
    }

    const burst = config.burst ?? Math.max(1, config.ratePerSecond);
    const bucket = this.buckets.get(region) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * config.ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(region, bucket);
    if (bucket.tokens < 1) return true;
    bucket.tokens -= 1;
    return false;
  }
}
