// The scale path: metadata in PostgreSQL (the machine's local server), migrated from prisma/postgres.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { createDb, type Db } from "../db/client";
import { LocalBlobStore } from "../storage";
import { ingestProfile } from "./ingest";
import { deleteProfile, findProfileRow, listProfiles, listServices } from "./queries";

const ADMIN_URL = process.env.FLEETSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `fleetscope_test_${process.pid}_${Date.now()}`;
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;
const DATABASE_URL = url.toString();

let db: Db;
let blobs: LocalBlobStore;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE ${dbName}`);
  migrate({ ...process.env, DATABASE_URL });
  db = createDb(DATABASE_URL);
  blobs = new LocalBlobStore(fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-pg-blobs-")));
});

afterAll(async () => {
  await db?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

const bytes = () => new Uint8Array(fs.readFileSync(path.resolve(__dirname, "../pprof/testdata/roulette.default.pgo")));

describe("profile store on PostgreSQL", () => {
  it("applies the committed migrations and stores, lists and deletes a profile", async () => {
    const deps = { db, blobs, maxDecompressedBytes: 512 * 1024 * 1024 };
    const { profile, created } = await ingestProfile({ service: "pg-users", bytes: bytes(), labels: { env: "prod" }, source: "api" }, deps);
    expect(created).toBe(true);
    expect(profile.pgo.usable).toBe(true);
    expect((await listServices(db)).map((s) => [s.name, s.profileCount])).toEqual([["pg-users", 1]]);
    const [listed] = await listProfiles(db, "pg-users");
    expect(listed).toEqual(profile);
    // Rows read in SQL have the model's shape here too (JSON, dates and booleans as Prisma gives them).
    expect(await findProfileRow(db, profile.id)).toEqual(await db.profile.findUnique({ where: { id: profile.id } }));
    await deleteProfile(db, blobs, profile.id);
    expect(await listServices(db)).toEqual([]);
  });

  it("gives one profile when replicas store the same bytes at the same moment", async () => {
    const deps = { db, blobs, maxDecompressedBytes: 512 * 1024 * 1024 };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => ingestProfile({ service: "pg-race", bytes: bytes(), labels: {}, source: "api" }, deps)),
    );
    expect(new Set(results.map((r) => r.profile.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await listProfiles(db, "pg-race")).toHaveLength(1);
  });
});
