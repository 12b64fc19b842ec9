import type { Db } from "../db/client";
import { INTERRUPTED_RUN } from "./source-runner";

/**
 * Marks runs left running by a stopped process as failed: all of them (`everyOther`, SQLite: the
 * database is this process's alone), or those whose heartbeat stopped (PostgreSQL: other replicas may be running some).
 */
export async function markInterruptedRuns(db: Db, { everyOther, staleAfterMs = 120_000 }: { everyOther: boolean; staleAfterMs?: number }): Promise<number> {
  const where = everyOther ? { status: "running" } : { status: "running", heartbeatAt: { lt: new Date(Date.now() - staleAfterMs) } };
  const { count } = await db.sourceRun.updateMany({ where, data: { status: "failed", finishedAt: new Date(), error: INTERRUPTED_RUN } });
  return count;
}
