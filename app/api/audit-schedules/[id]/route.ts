import { recordActivity } from "@/lib/auth/activity";
import { deleteSchedule } from "@/lib/audits-store/schedules";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Stops a schedule: 204 (the scans it started stay). */
export const DELETE = route<{ id: string }>(async (_request, { id }, principal) => {
  await deleteSchedule(db(), id);
  if (principal) await recordActivity(db(), principal, "schedule.delete", id, "");
  return new Response(null, { status: 204 });
});
