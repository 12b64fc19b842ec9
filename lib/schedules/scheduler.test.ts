import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { freshDatabase } from "../../testing/audit-store";
import { createTestDatabase } from "../../testing/postgres";
import { acquireLease, releaseLease } from "./lease";
import { MINUTE_MS, runDueSchedules, slotStart, type ScheduledJob } from "./scheduler";

const at = (iso: string) => new Date(iso);

/** A job whose items are fixed and whose starts are recorded per replica. */
function recordingJob(items: { key: string; everyMinutes: number }[], log: string[], replica: string): ScheduledJob {
  return {
    name: "test",
    items: async () => items,
    start: async (key, slot) => {
      log.push(`${replica} ${key} ${slot.toISOString()}`);
    },
  };
}

function scenarios(title: string, open: () => Promise<{ db: Db; close(): Promise<void> }>) {
  describe(title, () => {
    let db: Db;
    let close: () => Promise<void>;
    beforeAll(async () => {
      ({ db, close } = await open());
    });
    afterAll(async () => close?.());

    it("gives a lease to one holder until it expires, then to another", async () => {
      const now = at("2026-12-03T10:00:00Z");
      expect(await acquireLease(db, "l1", "a", 60_000, now)).toBe(true);
      expect(await acquireLease(db, "l1", "b", 60_000, now)).toBe(false);
      expect(await acquireLease(db, "l1", "a", 60_000, now)).toBe(true);
      expect(await acquireLease(db, "l1", "b", 60_000, new Date(now.getTime() + 61_000))).toBe(true);
      expect(await acquireLease(db, "l1", "a", 60_000, new Date(now.getTime() + 62_000))).toBe(false);
      await releaseLease(db, "l1", "b");
      expect(await acquireLease(db, "l1", "a", 60_000, new Date(now.getTime() + 63_000))).toBe(true);
    });

    it("of many holders racing for one lease, exactly one wins", async () => {
      const now = at("2026-12-03T11:00:00Z");
      const wins = await Promise.all(Array.from({ length: 8 }, (_, i) => acquireLease(db, "race", `r${i}`, 60_000, now)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it("two replicas ticking at once start a due item once per slot, and again in the next slot", async () => {
      const log: string[] = [];
      const items = [{ key: "source:s1", everyMinutes: 15 }, { key: "source:s2", everyMinutes: 60 }];
      const tick = (replica: string, now: Date) => runDueSchedules(db, [recordingJob(items, log, replica)], replica, now);
      const t0 = at("2026-12-03T12:07:00Z");
      const [a, b] = await Promise.all([tick("A", t0), tick("B", t0)]);
      expect([...a.started, ...b.started].sort()).toEqual(["source:s1", "source:s2"]);
      expect([...a.skipped, ...b.skipped].sort()).toEqual(["source:s1", "source:s2"]);
      // Later in the same slots: nothing new.
      const again = await tick("A", at("2026-12-03T12:14:00Z"));
      expect(again.started).toEqual([]);
      // The next 15-minute slot starts s1 again; s2's hour is not over.
      const next = await tick("B", at("2026-12-03T12:16:00Z"));
      expect(next.started).toEqual(["source:s1"]);
      expect(log.filter((l) => l.includes("source:s1")).map((l) => l.split(" ")[2])).toEqual([
        "2026-12-03T12:00:00.000Z",
        "2026-12-03T12:15:00.000Z",
      ]);
    });

    it("a start that throws is reported and does not stop the other items", async () => {
      const job: ScheduledJob = {
        name: "failing",
        items: async () => [{ key: "bad", everyMinutes: 5 }, { key: "good", everyMinutes: 5 }],
        start: async (key) => {
          if (key === "bad") throw new Error("source deleted");
        },
      };
      const result = await runDueSchedules(db, [job], "A", at("2026-12-03T13:00:00Z"));
      expect(result.failed).toEqual([{ key: "bad", error: "source deleted" }]);
      expect(result.started).toEqual(["good"]);
    });
  });
}

describe("slots", () => {
  it("cut time into periods of N minutes since the epoch", () => {
    expect(slotStart(15, at("2026-12-03T12:29:59Z")).toISOString()).toBe("2026-12-03T12:15:00.000Z");
    expect(slotStart(60, at("2026-12-03T12:29:59Z")).toISOString()).toBe("2026-12-03T12:00:00.000Z");
    expect(slotStart(1, at("2026-12-03T12:29:59Z")).getTime() % MINUTE_MS).toBe(0);
  });
});

scenarios("leases and schedules on SQLite", async () => {
  const { db } = freshDatabase();
  return { db, close: () => db.$disconnect() };
});

scenarios("leases and schedules on PostgreSQL (two replicas on one database)", async () => {
  const pgdb = await createTestDatabase("fleetscope_leases");
  const { db } = freshDatabase(pgdb.url);
  return {
    db,
    close: async () => {
      await db.$disconnect();
      await pgdb.drop();
    },
  };
});
