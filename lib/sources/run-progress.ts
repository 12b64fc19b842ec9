/**
 * A run's items and counts, kept in memory by the process running it and written to its row at
 * most every `intervalMs` (and at the end), with the heartbeat that says the run is alive.
 */
import type { Db } from "../db/client";
import { COUNTED_STATUSES, emptyCounts, type CountedStatus, type ItemStatus, type RunCounts, type RunItem } from "./source-dto";

export class RunProgress {
  private readonly items: RunItem[] = [];
  private readonly byKey = new Map<string, RunItem>();
  private dirty = true;
  private writing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly runId: string,
    intervalMs: number,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  /** Adds an item (queued unless said otherwise); an item added twice keeps its first place. */
  add(key: string, status: ItemStatus = "queued", extra: Omit<RunItem, "key" | "status"> = {}): void {
    if (this.byKey.has(key)) return this.set(key, status, extra);
    const item: RunItem = { key, status, ...extra };
    this.items.push(item);
    this.byKey.set(key, item);
    this.dirty = true;
  }

  set(key: string, status: ItemStatus, extra: Omit<RunItem, "key" | "status"> = {}): void {
    const item = this.byKey.get(key);
    if (!item) return this.add(key, status, extra);
    item.status = status;
    if (extra.profileId !== undefined) item.profileId = extra.profileId;
    if (extra.error !== undefined) item.error = extra.error;
    this.dirty = true;
  }

  counts(): RunCounts {
    const counts = emptyCounts();
    for (const item of this.items) {
      if ((COUNTED_STATUSES as readonly string[]).includes(item.status)) counts[item.status as CountedStatus] += 1;
    }
    return counts;
  }

  snapshot(): RunItem[] {
    return this.items.map((i) => ({ ...i }));
  }

  /** Writes the items and counts if they changed, and the heartbeat in any case. */
  flush(): Promise<void> {
    const write = async () => {
      const changed = this.dirty;
      this.dirty = false;
      const data = changed ? { items: this.snapshot() as object[], counts: this.counts(), heartbeatAt: new Date() } : { heartbeatAt: new Date() };
      await this.db.sourceRun.updateMany({ where: { id: this.runId, status: "running" }, data }).catch((err: unknown) => {
        this.dirty ||= changed;
        console.error(`[fleetscope] run ${this.runId}: progress not written:`, err instanceof Error ? err.message : err);
      });
    };
    this.writing = this.writing.then(write);
    return this.writing;
  }

  /** Stops the timer and waits for the last write. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.writing;
  }
}
