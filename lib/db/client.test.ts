// Issue 14: under 50 concurrent uploads a fifth of the server's time went to SQLite commits (two
// fsyncs each, synchronous on the event loop with better-sqlite3). The server's SQLite connection
// runs in WAL mode with synchronous=NORMAL: a commit is an append to the log.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { createDb, databaseKindOf, type Db } from "./client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-db-"));
const file = path.join(dir, "fleetscope.db");
let db: Db;

afterAll(async () => {
  await db?.$disconnect();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite client", () => {
  it("writes through a write-ahead log without an fsync per commit", async () => {
    migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dir, DATABASE_URL: `file:${file}` });
    db = createDb(`file:${file}`);
    const [{ journal_mode }] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
    const [{ synchronous }] = await db.$queryRawUnsafe<{ synchronous: bigint }[]>("PRAGMA synchronous");
    expect(journal_mode).toBe("wal");
    // 1 is NORMAL (2, FULL, is the default: an fsync of the journal and of the database per commit).
    expect(Number(synchronous)).toBe(1);
    await db.user.count();
    expect(fs.existsSync(`${file}-wal`)).toBe(true);
  });
});

describe("databaseKindOf", () => {
  it("names each client's database, read through the registered symbol any copy of this module sees", async () => {
    const pgClient = createDb("postgresql://127.0.0.1:1/none");
    const sqliteClient = createDb(`file:${path.join(dir, "kind.db")}`);
    try {
      expect(databaseKindOf(pgClient)).toBe("postgres");
      expect(databaseKindOf(sqliteClient)).toBe("sqlite");
      // A second copy of the module (as a production build's chunks have) reads the same mark.
      expect((pgClient as unknown as Record<symbol, unknown>)[Symbol.for("fleetscope.databaseKind")]).toBe("postgres");
    } finally {
      await Promise.all([pgClient.$disconnect(), sqliteClient.$disconnect()]);
    }
  });
});
