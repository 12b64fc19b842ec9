import { placeKey, type RegionUpdate } from "../audit";
import type { Db } from "../db/client";
import { regionFromResult, type AuditRegion } from "./audit-dto";

/**
 * Keeps an audit's per-region progress in memory and writes it to the database at most once per
 * `intervalMs` (a scan of 30 regions sends thousands of updates), plus a heartbeat every
 * `heartbeatMs` so other processes can tell the scan is alive. Writes never overlap.
 */
export class ProgressWriter {
  private readonly regions = new Map<string, AuditRegion>();
  private timer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();
  private lastWrite = 0;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly auditId: string,
    initial: readonly AuditRegion[],
    private readonly intervalMs: number,
    heartbeatMs: number,
  ) {
    for (const region of initial) this.regions.set(placeKey(region.account, region.region), region);
    this.heartbeat = setInterval(() => this.flushNow(), heartbeatMs);
    this.heartbeat.unref();
  }

  update(account: string, region: string, update: RegionUpdate): void {
    if (this.closed) return;
    const key = placeKey(account, region);
    const previous = this.regions.get(key);
    if (update.status === "queued") {
      this.regions.set(key, emptyRegion(account, region));
    } else if (update.status === "scanning") {
      const startedAt = previous?.startedAt ?? new Date().toISOString();
      this.regions.set(key, { ...(previous ?? emptyRegion(account, region)), status: "scanning", total: update.instances, startedAt });
    } else {
      this.regions.set(key, regionFromResult(update.result, previous?.startedAt));
    }
    this.schedule();
  }

  /** A whole account that failed (its role could not be assumed): its queued regions give way to one failed row. */
  accountFailed(row: AuditRegion): void {
    for (const [key, region] of this.regions) if (region.account === row.account) this.regions.delete(key);
    this.regions.set(placeKey(row.account, row.region), row);
    this.schedule();
  }

  snapshot(): AuditRegion[] {
    return [...this.regions.values()];
  }

  /** Stops the timers and waits for the last write: the caller writes the final state. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    await this.writing;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastWrite + this.intervalMs - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushNow();
    }, wait);
    this.timer.unref();
  }

  private flushNow(): void {
    if (this.closed) return;
    this.lastWrite = Date.now();
    const regions = this.snapshot();
    this.writing = this.writing
      .then(() =>
        this.db.audit.updateMany({
          where: { id: this.auditId, status: "running" },
          data: { regions: regions as object[], heartbeatAt: new Date() },
        }),
      )
      .then(
        () => undefined,
        (error: unknown) => console.error(`[fleetscope] audit ${this.auditId}: could not save progress:`, error instanceof Error ? error.message : error),
      );
  }
}

export function emptyRegion(account: string, region: string): AuditRegion {
  return { account, region, status: "queued", total: 0, running: 0, untagged: 0, openIngress: 0, durationMs: 0 };
}
