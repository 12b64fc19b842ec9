// The audit store on the scale path: PostgreSQL (the machine's local server), migrated from prisma/postgres.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditRequestSchema } from "../audit";
import { generateFleet, startFakeEc2, type FakeEc2Server } from "../../fakes/ec2";
import type { Db } from "../db/client";
import type { LocalBlobStore } from "../storage";
import { eventually, fakeStore, freshDatabase } from "../../testing/audit-store";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

const ADMIN_URL = process.env.FLEETSCOPE_TEST_PG_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const dbName = `fleetscope_audits_${process.pid}_${Date.now()}`;
const url = new URL(ADMIN_URL);
url.pathname = `/${dbName}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let fake: FakeEc2Server;
let db: Db;
let blobs: LocalBlobStore;

beforeAll(async () => {
  await admin(`CREATE DATABASE ${dbName}`);
  ({ db, blobs } = freshDatabase(url.toString()));
  fake = await startFakeEc2({ fleet: generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [60, 20], seed: 4 }), latencyMs: 40, port: 0 });
});

afterAll(async () => {
  await fake?.close();
  await db?.$disconnect();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
});

describe("audit store on PostgreSQL", () => {
  it("runs a scan joined by a second replica, keeps a live replica's scan, and marks a silent one interrupted", async () => {
    const replicaA = fakeStore({ db, blobs }, fake.url);
    const replicaB = fakeStore({ db, blobs }, fake.url);
    const request = auditRequestSchema.parse({ regions: ["us-east-1", "eu-west-1"] });
    const first = await replicaA.start(request, "alice");
    const joined = await replicaB.start(request, "bob");
    expect(joined).toMatchObject({ joined: true, audit: { id: first.audit.id } });
    // B does not run it, but its heartbeat is fresh: B leaves it running.
    expect(await replicaB.markInterrupted()).toBe(0);

    const done = await eventually(async () => {
      const audit = await replicaB.get(first.audit.id);
      return audit.status === "done" && audit;
    });
    expect(done.summary).toMatchObject({ instances: 80, regionsScanned: 2 });
    expect((await replicaB.findings(done.id, "untagged")).length).toBe(done.summary.untagged);

    await db.audit.create({
      data: { id: "silent", status: "running", scopeKey: "x", startedBy: "carol", regionsRequested: "all", requiredTags: ["Owner"], regions: [], heartbeatAt: new Date(Date.now() - 5 * 60_000) },
    });
    expect(await replicaB.markInterrupted()).toBe(1);
    expect((await replicaA.list()).map((a) => [a.id === "silent" ? "silent" : "scan", a.status])).toEqual([
      ["silent", "interrupted"],
      ["scan", "done"],
    ]);
    await replicaA.idle();
  });
});
