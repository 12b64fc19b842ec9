import { randomUUID } from "node:crypto";
import { z } from "zod";
import { auditRequestSchema, type AuditRequest } from "../audit";
import type { Db } from "../db/client";
import { NotFoundError } from "../http/errors";
import type { ScheduledJob } from "../schedules/scheduler";
import type { AuditStore } from "./audit-store";

/** The body of POST /api/audit-schedules: "scan every N hours" for a scope (accounts, regions, required tags). */
export const scheduleRequestSchema = auditRequestSchema.extend({
  everyHours: z.number({ error: "everyHours must be a whole number of hours" }).int("everyHours must be a whole number of hours").min(1, "at least every hour").max(168, "at most every 168 hours (a week)"),
});
export type ScheduleRequest = z.infer<typeof scheduleRequestSchema>;

export interface ScheduleDto {
  id: string;
  everyHours: number;
  accounts: AuditRequest["accounts"];
  regions: AuditRequest["regions"];
  requiredTags: string[];
  createdBy: string;
  createdAt: string;
}

type Row = Awaited<ReturnType<Db["auditSchedule"]["findMany"]>>[number];

function toDto(row: Row): ScheduleDto {
  return {
    id: row.id,
    everyHours: row.everyHours,
    accounts: row.accounts as unknown as AuditRequest["accounts"],
    regions: row.regions as unknown as AuditRequest["regions"],
    requiredTags: row.requiredTags as unknown as string[],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listSchedules(db: Db): Promise<ScheduleDto[]> {
  return (await db.auditSchedule.findMany({ orderBy: { createdAt: "asc" } })).map(toDto);
}

export async function addSchedule(db: Db, request: ScheduleRequest, by: string): Promise<ScheduleDto> {
  const row = await db.auditSchedule.create({
    data: { id: randomUUID(), everyHours: request.everyHours, accounts: request.accounts, regions: request.regions, requiredTags: request.requiredTags, createdBy: by },
  });
  return toDto(row);
}

export async function deleteSchedule(db: Db, id: string): Promise<void> {
  const { count } = await db.auditSchedule.deleteMany({ where: { id } });
  if (count === 0) throw new NotFoundError(`no schedule ${id.slice(0, 80)}: list them with GET /api/audit-schedules`);
}

export const SCHEDULE_KEY_PREFIX = "audit-schedule:";

/** Who a scheduled scan was started by, as the history shows it. */
export const scheduleActor = (schedule: Pick<ScheduleDto, "id" | "everyHours">) => `schedule (every ${schedule.everyHours} h)`;

/**
 * The scheduler's job for audit schedules: each schedule is due once per slot of N hours; a due
 * one starts a scan of its scope (or joins the one running), marked with the schedule's id.
 */
export function auditScheduleJob(db: Db, store: () => AuditStore): ScheduledJob {
  return {
    name: "audit-schedules",
    items: async () => (await listSchedules(db)).map((s) => ({ key: `${SCHEDULE_KEY_PREFIX}${s.id}`, everyMinutes: s.everyHours * 60 })),
    start: async (key) => {
      const id = key.slice(SCHEDULE_KEY_PREFIX.length);
      const row = await db.auditSchedule.findUnique({ where: { id } });
      if (!row) throw new Error(`schedule ${id} was deleted`);
      const schedule = toDto(row);
      const request = auditRequestSchema.parse({ accounts: schedule.accounts, regions: schedule.regions, requiredTags: schedule.requiredTags });
      await store().start(request, scheduleActor(schedule), { scheduleId: schedule.id });
    },
  };
}
