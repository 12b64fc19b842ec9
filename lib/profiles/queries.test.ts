// GET /api/services adds the profiles up in the database (issue 14: reading every profile's row to
// add them up here cost milliseconds per hundred profiles on the event loop, per call).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { migrate } from "../../scripts/migrate.mjs";
import { createDb, type Db } from "../db/client";
import { LocalBlobStore } from "../storage";
import { ingestProfile } from "./ingest";
import { findProfileRow, listProfiles, listServices } from "./queries";
import { toProfileDto } from "./profile-dto";

const TESTDATA = path.resolve(__dirname, "../pprof/testdata");
let db: Db;

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fleetscope-queries-"));
  const url = `file:${path.join(dir, "fleetscope.db")}`;
  migrate({ ...process.env, FLEETSCOPE_DATA_DIR: dir, DATABASE_URL: url });
  db = createDb(url);
  const deps = { db, blobs: new LocalBlobStore(path.join(dir, "blobs")), maxDecompressedBytes: 512 * 1024 * 1024 };
  for (const [service, file] of [["users", "go19-cpu.pb.gz"], ["users", "gdu.default.pgo"], ["search", "go19-heap.pb.gz"]]) {
    await ingestProfile({ service, bytes: new Uint8Array(fs.readFileSync(path.join(TESTDATA, file))), labels: {}, source: "api" }, deps);
  }
});

describe("listServices", () => {
  it("gives each service's count, latest capture, CPU total and PGO-usable count, as the rows add up", async () => {
    const rows = await db.profile.findMany();
    const expected = ["search", "users"].map((name) => {
      const of = rows.filter((r) => r.service === name);
      return {
        name,
        profileCount: of.length,
        latestAt: new Date(Math.max(...of.map((r) => r.capturedAt.getTime()))).toISOString(),
        totalCpuNanos: of.reduce((sum, r) => sum + ((r.totals as Record<string, number>).cpu ?? 0), 0),
        pgoUsableCount: of.filter((r) => r.pgoUsable).length,
      };
    });
    expect(expected[1]!.totalCpuNanos).toBeGreaterThan(0);
    expect(expected[1]!.pgoUsableCount).toBe(1);
    expect(await listServices(db)).toEqual(expected);
  });

  it("does not read the profiles' rows", async () => {
    const rowsRefused = {
      $queryRawUnsafe: db.$queryRawUnsafe.bind(db),
      profile: {
        findMany: () => {
          throw new Error("read every row");
        },
      },
    } as unknown as Db;
    expect((await listServices(rowsRefused)).map((s) => [s.name, s.profileCount])).toEqual([
      ["search", 1],
      ["users", 2],
    ]);
  });
});

describe("profile rows in SQL", () => {
  it("have the shape Prisma's model gives: JSON columns parsed, dates as dates, booleans as booleans", async () => {
    const models = await db.profile.findMany({ where: { service: "users" }, orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }] });
    expect(models).toHaveLength(2);
    for (const model of models) expect(await findProfileRow(db, model.id)).toEqual(model);
    expect(await listProfiles(db, "users")).toEqual(models.map(toProfileDto));
    expect(await findProfileRow(db, "no-such-id")).toBeNull();
  });
});
