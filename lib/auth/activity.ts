import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { actorName, type Principal } from "./roles";

export type ActivityAction =
  | "profile.upload"
  | "profile.delete"
  | "merge.create"
  | "pgo.committed"
  | "audit.start"
  | "audit.stop"
  | "audit.delete"
  | "account.save"
  | "account.import"
  | "account.delete"
  | "suppression.add"
  | "suppression.delete"
  | "schedule.add"
  | "schedule.delete"
  | "webhook.set"
  | "webhook.delete"
  | "user.create"
  | "user.role"
  | "user.delete"
  | "token.create"
  | "token.revoke"
  | "session.signin"
  | "session.signin-failed"
  | "session.signout"
  | "store.sweep";

export type ActivityEntry = { id: string; at: string; actor: string; action: string; target: string; detail: string };

export async function recordActivity(
  db: Db,
  actor: Principal | string,
  action: ActivityAction,
  target: string,
  detail = "",
): Promise<void> {
  await db.activity.create({
    data: { id: randomUUID(), actor: typeof actor === "string" ? actor : actorName(actor), action, target, detail },
  });
}

export async function listActivity(db: Db, limit = 500): Promise<ActivityEntry[]> {
  const rows = await db.activity.findMany({ orderBy: { at: "desc" }, take: limit });
  return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
}
