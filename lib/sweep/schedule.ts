import { recordActivity } from "../auth/activity";
import type { Db } from "../db/client";
import type { BlobStore } from "../storage/blob-store";
import { describeFindings, ORPHAN_MIN_AGE_MS, sweepStore, type SweepFindings } from "./sweep";

export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/** Run a sweep, log what it found and put it on the Activity page. Never throws. */
export async function sweepAndReport(
  deps: { db: Db; blobs: BlobStore },
  orphanMinAgeMs: number,
  temporaryMinAgeMs = orphanMinAgeMs,
): Promise<SweepFindings | null> {
  try {
    const findings = await sweepStore(deps, { orphanMinAgeMs, temporaryMinAgeMs });
    const summary = describeFindings(findings);
    const checked = `${findings.blobsChecked} blob(s) and ${findings.rowsChecked} row(s) checked in ${findings.durationMs} ms`;
    if (summary) {
      console.log(`fleetscope: store sweep: ${summary} (${checked})`);
      await recordActivity(deps.db, "system", "store.sweep", deps.blobs.describe(), summary);
    } else {
      console.log(`fleetscope: store sweep: nothing to repair (${checked})`);
    }
    return findings;
  } catch (err) {
    console.error("[fleetscope] store sweep failed:", err instanceof Error ? err.message : err);
    return null;
  }
}

/**
 * At start, then hourly. At start with a database only this process uses (SQLite) nothing else
 * can be mid-upload, so every orphan and `.tmp` file goes whatever its age; with a shared database
 * only those older than an hour. A local blob directory belongs to this process, so its `.tmp`
 * files are stale at start whatever the database.
 */
export async function startSweeps(deps: { db: Db; blobs: BlobStore }, sharedDatabase: boolean): Promise<() => void> {
  await sweepAndReport(deps, sharedDatabase ? ORPHAN_MIN_AGE_MS : 0, 0);
  const timer = setInterval(() => void sweepAndReport(deps, ORPHAN_MIN_AGE_MS), SWEEP_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
