// The row cache of views and downloads (issue 14): no query while a row is fresh, a delete seen at
// once on this replica and within the row's age on another, bytes gone told apart from a row gone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { createDb, type Db } from "../db/client";
import { LocalBlobStore } from "../storage";
import { blobKeyFor } from "../storage/blob-store";
import { readFixture } from "../pprof/testdata/fixtures";
import { ingestProfile, type IngestDeps } from "./ingest";
import { ProfileRows } from "./profile-rows";
import { ProfileViews } from "./profile-views";
import { deleteProfile, readProfileBytes } from "./queries";

let deps: IngestDeps;
let service = 0;

beforeAll(() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-rows-"));
  const url = `file:${path.join(dir, "fleetscope.db")}`;
  migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dir, DATABASE_URL: url });
  deps = { db: createDb(url), blobs: new LocalBlobStore(path.join(dir, "blobs")), maxDecompressedBytes: 512 * 1024 * 1024 };
});

/** A newly stored profile (its own service, so the same bytes make a new row each time). */
async function stored(): Promise<{ id: string; sha256: string }> {
  return (await ingestProfile({ service: `rows-${service++}`, bytes: readFixture("go19-cpu"), labels: {}, source: "api" }, deps)).profile;
}

/** The database, counting its SQL queries (profile rows are read in SQL: queries.ts findProfileRow). */
function counted(db: Db): { db: Db; reads: () => number } {
  let reads = 0;
  const queryRaw = (...args: Parameters<Db["$queryRaw"]>) => (reads++, db.$queryRaw(...args));
  return { db: new Proxy(db, { get: (target, name) => (name === "$queryRaw" ? queryRaw : Reflect.get(target, name)) }), reads: () => reads };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ProfileRows", () => {
  it("reads a row once while it is fresh, concurrent reads included, and again once it is older than its age", async () => {
    const { id } = await stored();
    const { db, reads } = counted(deps.db);
    const rows = new ProfileRows(1_000);
    const [a, b] = await Promise.all([rows.get(db, id), rows.get(db, id)]);
    expect(a.profile.id).toBe(id);
    expect(b).toBe(a);
    await rows.get(db, id);
    expect(reads()).toBe(1);
    await sleep(1_100);
    await rows.get(db, id);
    expect(reads()).toBe(2);
  });

  it("keeps nothing of a read that was in flight when a row was forgotten", async () => {
    const { id } = await stored();
    const rows = new ProfileRows();
    const inFlight = rows.get(deps.db, id);
    rows.forget(id);
    await deleteProfile(deps.db, deps.blobs, id);
    expect((await inFlight).profile.id).toBe(id);
    await expect(rows.get(deps.db, id)).rejects.toMatchObject({ status: 404 });
  });
});

describe("views and downloads through the row cache", () => {
  it("serve every view of a profile with one query for its row", async () => {
    const { id } = await stored();
    const { db, reads } = counted(deps.db);
    const views = new ProfileViews();
    const counting = { ...deps, db };
    await views.top(counting, id);
    await views.flame(counting, id);
    await views.top(counting, id, "samples");
    expect(reads()).toBe(1);
  });

  it("answer 404 at once after a delete on this replica, and within the row's age after one on another", async () => {
    const { id } = await stored();
    const here = new ProfileViews({ rows: new ProfileRows(1_500) });
    const other = new ProfileViews({ rows: new ProfileRows(1_500) });
    await here.top(deps, id);
    await other.top(deps, id);
    await deleteProfile(deps.db, deps.blobs, id);
    here.forget(id); // what DELETE /api/profiles/:id does after deleting
    await expect(here.top(deps, id)).rejects.toMatchObject({ status: 404 });
    expect((await other.top(deps, id)).cached).toBe(true);
    await sleep(1_600);
    await expect(other.top(deps, id)).rejects.toMatchObject({ status: 404 });
  });

  it("tell a download whose row was deleted elsewhere (404) from one whose bytes are gone (410, marked damaged)", async () => {
    const deleted = await stored();
    const damaged = await stored();
    const rows = new ProfileRows();
    for (const p of [deleted, damaged]) expect((await readProfileBytes(deps.db, deps.blobs, p.id, rows)).profile.sha256).toBe(p.sha256);
    // Both rows are cached here. Another replica deletes one; the bytes (the same for both) are removed by hand.
    await deps.db.profile.delete({ where: { id: deleted.id } });
    await deps.blobs.delete(blobKeyFor(damaged.sha256));
    await expect(readProfileBytes(deps.db, deps.blobs, deleted.id, rows)).rejects.toMatchObject({ status: 404 });
    await expect(readProfileBytes(deps.db, deps.blobs, damaged.id, rows)).rejects.toMatchObject({ status: 410 });
    expect((await deps.db.profile.findUnique({ where: { id: damaged.id } }))?.damagedAt).not.toBeNull();
  });
});
