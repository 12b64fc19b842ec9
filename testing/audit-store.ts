// Shared by the audit store's tests: a migrated database in a fresh directory, and a store that
// scans the fake EC2 endpoint through the unmodified SDK.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../scripts/migrate.mjs";
import { fakeEc2ClientFactory } from "../fakes/ec2";
import { createDb, type Db } from "../lib/db/client";
import { LocalBlobStore } from "../lib/storage";
import { AuditStore, type AuditStoreDeps } from "../lib/audits-store/audit-store";

export function freshDatabase(databaseUrl?: string): { db: Db; blobs: LocalBlobStore; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-audits-"));
  const url = databaseUrl ?? `file:${path.join(dir, "fleetscope.db")}`;
  migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dir, DATABASE_URL: url });
  return { db: createDb(url), blobs: new LocalBlobStore(path.join(dir, "blobs")), dir };
}

export function fakeStore(deps: Pick<AuditStoreDeps, "db" | "blobs">, fakeUrl: string, options: Partial<AuditStoreDeps> = {}): AuditStore {
  return new AuditStore({
    concurrency: 8,
    maxAttempts: 10,
    homeRegion: "us-east-1",
    clientFactory: fakeEc2ClientFactory(fakeUrl, { retryDelayMs: 2 }),
    progressIntervalMs: 50,
    ...deps,
    ...options,
  });
}

/** Waits until `check` returns a value (polling), or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
