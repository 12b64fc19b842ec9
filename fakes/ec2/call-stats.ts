/** Counts what the fake endpoint received, per region and action, so tests can assert paging and retries. */
export interface CallCounts {
  /** Every request received, whatever its answer. */
  calls: number;
  /** Answered RequestLimitExceeded. */
  throttled: number;
  /** Answered with any error (throttling included). */
  errors: number;
}

type Outcome = "ok" | "throttled" | "error";

export class CallStats {
  private readonly counts = new Map<string, CallCounts>();
  private inFlight = 0;
  /** The most requests that were being served at once. */
  maxInFlight = 0;
  /** Requests received so far, counted on arrival (`calls()` counts them when answered). */
  started = 0;
  private readonly inFlightByAccount = new Map<string, number>();
  /** The most requests of one account (the fleet a caller sees) that were being served at once. */
  readonly maxInFlightByAccount = new Map<string, number>();
  private readonly callsByAccount = new Map<string, number>();

  /** Requests being served right now. */
  get current(): number {
    return this.inFlight;
  }

  begin(account = "(none)"): void {
    this.started += 1;
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const now = (this.inFlightByAccount.get(account) ?? 0) + 1;
    this.inFlightByAccount.set(account, now);
    this.maxInFlightByAccount.set(account, Math.max(now, this.maxInFlightByAccount.get(account) ?? 0));
  }

  /** Requests answered for one account's fleet. */
  accountCalls(account: string): number {
    return this.callsByAccount.get(account) ?? 0;
  }

  end(region: string, action: string, outcome: Outcome, account = "(none)"): void {
    this.inFlight -= 1;
    this.inFlightByAccount.set(account, (this.inFlightByAccount.get(account) ?? 1) - 1);
    this.callsByAccount.set(account, (this.callsByAccount.get(account) ?? 0) + 1);
    const key = `${region}\u0000${action}`;
    const entry = this.counts.get(key) ?? { calls: 0, throttled: 0, errors: 0 };
    entry.calls += 1;
    if (outcome === "throttled") entry.throttled += 1;
    if (outcome !== "ok") entry.errors += 1;
    this.counts.set(key, entry);
  }

  private sum(field: keyof CallCounts, region?: string, action?: string): number {
    let total = 0;
    for (const [key, entry] of this.counts) {
      const [r, a] = key.split("\u0000");
      if ((region === undefined || r === region) && (action === undefined || a === action)) total += entry[field];
    }
    return total;
  }

  /** Requests received, optionally for one region and/or action. */
  calls(region?: string, action?: string): number {
    return this.sum("calls", region, action);
  }

  throttled(region?: string, action?: string): number {
    return this.sum("throttled", region, action);
  }

  errors(region?: string, action?: string): number {
    return this.sum("errors", region, action);
  }

  /** `{ region: { action: counts } }`; requests without a readable region are under "(none)". */
  snapshot(): Record<string, Record<string, CallCounts>> {
    const out: Record<string, Record<string, CallCounts>> = {};
    for (const [key, entry] of this.counts) {
      const [region = "", action = ""] = key.split("\u0000");
      (out[region] ??= {})[action] = { ...entry };
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
    this.maxInFlight = this.inFlight;
    this.maxInFlightByAccount.clear();
    this.callsByAccount.clear();
    this.started = 0;
  }
}
