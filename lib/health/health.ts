import type { Db } from "../db/client";
import type { BlobStore } from "../storage/blob-store";
import { unavailablePart } from "../http/unavailable";

export type PartStatus = "ok" | "down";
export type Health = {
  status: "ok" | "down";
  database: PartStatus;
  store: PartStatus;
  version: string;
  /** What is down and why, when something is. */
  error?: string;
};

const PROBE_TIMEOUT_MS = 3_000;

async function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function reason(err: unknown): string {
  return unavailablePart(err)?.detail ?? (err instanceof Error ? err.message.split("\n")[0]! : String(err));
}

/** Both parts checked at once, each within PROBE_TIMEOUT_MS: the database answers a query, the store a probe. */
export async function checkHealth(db: Db, blobs: BlobStore, version: string): Promise<Health> {
  const [database, store] = await Promise.allSettled([
    within(db.$queryRawUnsafe("SELECT 1"), PROBE_TIMEOUT_MS, "the database"),
    within(blobs.probe(), PROBE_TIMEOUT_MS, "the profile store"),
  ]);
  const problems: string[] = [];
  if (database.status === "rejected") problems.push(`database down: ${reason(database.reason)}`);
  if (store.status === "rejected") problems.push(`store down (${blobs.describe()}): ${reason(store.reason)}`);
  return {
    status: problems.length ? "down" : "ok",
    database: database.status === "fulfilled" ? "ok" : "down",
    store: store.status === "fulfilled" ? "ok" : "down",
    version,
    ...(problems.length ? { error: problems.join("; ") } : {}),
  };
}
