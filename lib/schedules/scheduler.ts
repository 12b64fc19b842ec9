/**
 * Runs schedules ("every N minutes") once per period across every replica on one database.
 *
 * Time is cut into slots of N minutes since the Unix epoch; a due item's slot is claimed with a
 * lease named after the item and the slot, so of several replicas ticking at the same moment one
 * runs it and the others skip it. A replica that was down during a slot does not catch up: the
 * next slot runs as usual.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { claimOnce, deleteExpiredLeases } from "./lease";

/** One thing a schedule may start: `key` names it for good (e.g. `source:<id>`). */
export interface ScheduledItem {
  key: string;
  everyMinutes: number;
}

/** A kind of scheduled work: which items have a schedule, and how to start one. */
export interface ScheduledJob {
  name: string;
  items(): Promise<ScheduledItem[]>;
  /** Starts the work (it may go on in the background); `slotStart` is when the slot began. */
  start(key: string, slotStart: Date): Promise<void>;
}

export const MINUTE_MS = 60_000;
/** Past slot leases are kept this long, then forgotten. */
const KEEP_EXPIRED_MS = 24 * 60 * MINUTE_MS;

/** The start of the slot of `everyMinutes` that contains `now`. */
export function slotStart(everyMinutes: number, now: Date): Date {
  const period = everyMinutes * MINUTE_MS;
  return new Date(Math.floor(now.getTime() / period) * period);
}

/** The lease that says who ran `key` in the slot starting at `slot`. */
export function slotLeaseName(key: string, slot: Date): string {
  return `schedule:${key}@${slot.toISOString()}`;
}

export interface TickResult {
  started: string[];
  skipped: string[];
  failed: { key: string; error: string }[];
}

/** One pass over every job: claims and starts each item whose current slot nobody has claimed. */
export async function runDueSchedules(db: Db, jobs: ScheduledJob[], holder: string, now = new Date()): Promise<TickResult> {
  const result: TickResult = { started: [], skipped: [], failed: [] };
  for (const job of jobs) {
    for (const item of await job.items()) {
      const slot = slotStart(item.everyMinutes, now);
      const slotEnd = new Date(slot.getTime() + item.everyMinutes * MINUTE_MS);
      const mine = await claimOnce(db, slotLeaseName(item.key, slot), holder, slotEnd, now);
      if (!mine) {
        result.skipped.push(item.key);
        continue;
      }
      try {
        await job.start(item.key, slot);
        result.started.push(item.key);
      } catch (err) {
        result.failed.push({ key: item.key, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }
  await deleteExpiredLeases(db, new Date(now.getTime() - KEEP_EXPIRED_MS));
  return result;
}

export interface SchedulerOptions {
  db: Db;
  jobs: ScheduledJob[];
  /** How often to look for due items (default 30 s). */
  tickMs?: number;
  log?: (message: string) => void;
}

/** Ticks in the background until stopped; ticks never overlap and never keep the process alive. */
export function startScheduler(options: SchedulerOptions): { stop(): void; holder: string } {
  const holder = `replica-${randomUUID()}`;
  const log = options.log ?? ((m: string) => console.log(m));
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const { failed } = await runDueSchedules(options.db, options.jobs, holder);
      for (const f of failed) log(`fleetscope: scheduled ${f.key} failed to start: ${f.error}`);
    } catch (err) {
      log(`fleetscope: schedules could not be checked: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.tickMs ?? 30_000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer), holder };
}
