import { beforeAll, describe, expect, it } from "vitest";
import { freshDataDir } from "@/app/api/_testing/harness";
import type { Db } from "../db/client";
import { delayAfter, FREE_FAILURES, USERNAME_MAX_DELAY_MS } from "./sign-in-throttle";

let db: Db;
beforeAll(async () => {
  freshDataDir();
  db = (await import("../db/client")).db();
  const { createUser } = await import("./users");
  await createUser(db, { username: "ops", password: "the right long password", role: "operator" }, "test");
});

describe("sign-in throttle", () => {
  it("waits grow after the free failures and stop at their cap", () => {
    expect(delayAfter(FREE_FAILURES - 1)).toBe(0);
    expect(delayAfter(FREE_FAILURES)).toBe(1000);
    expect(delayAfter(FREE_FAILURES + 3)).toBe(8000);
    expect(delayAfter(100, USERNAME_MAX_DELAY_MS)).toBe(USERNAME_MAX_DELAY_MS);
  });

  it("five wrong passwords do not lock the right one out: it works once the wait has elapsed", async () => {
    const { signIn } = await import("./sign-in");
    let now = new Date("2026-12-03T10:00:00Z");
    for (let i = 0; i < 5; i++) {
      await expect(signIn(db, "ops", `wrong ${i}`, now, "10.0.0.1")).rejects.toMatchObject({ status: 401 });
      now = new Date(now.getTime() + 60_000); // past each wait (1 s, 2 s, 4 s)
    }
    const inside = new Date(now.getTime() - 60_000 + 100);
    await expect(signIn(db, "ops", "the right long password", inside, "10.0.0.1")).rejects.toMatchObject({ status: 429 });
    expect((await signIn(db, "ops", "the right long password", now, "10.0.0.1")).user.username).toBe("ops");
  });

  it("one address guessing waits longer and longer; the operator elsewhere waits at most the username's cap", async () => {
    const { signIn } = await import("./sign-in");
    let t = new Date("2026-12-03T11:00:00Z").getTime();
    for (let n = 1; n <= 10; n++) {
      await expect(signIn(db, "ops", `wrong ${n}`, new Date(t), "10.0.0.66")).rejects.toMatchObject({ status: 401 });
      t += delayAfter(n); // the next attempt comes as soon as the address may try again
    }
    const last = t - delayAfter(10);
    const later = new Date(last + USERNAME_MAX_DELAY_MS);
    await expect(signIn(db, "ops", "the right long password", later, "10.0.0.66")).rejects.toMatchObject({ status: 429 });
    expect((await signIn(db, "ops", "the right long password", later, "10.0.0.2")).user.username).toBe("ops");
  });

  it("random usernames write one throttle row per address and a handful of activity rows", async () => {
    const { signIn } = await import("./sign-in");
    const before = await db.activity.count({ where: { action: "session.signin-failed" } });
    const rowsBefore = await db.signInThrottle.count();
    let t = new Date("2026-12-03T12:00:00Z").getTime();
    for (let i = 0; i < 200; i++) {
      await signIn(db, `random-${i}`, "whatever password", new Date(t), "10.9.9.9").catch(() => undefined);
      t += 100;
    }
    expect(await db.signInThrottle.count()).toBe(rowsBefore + 1);
    expect((await db.activity.count({ where: { action: "session.signin-failed" } })) - before).toBeLessThanOrEqual(8);
  });
});
