import { readJsonBody } from "@/lib/api/json-body";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { addSchedule, listSchedules, scheduleRequestSchema } from "@/lib/audits-store/schedules";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Every audit schedule. */
export const GET = route(async () => Response.json({ schedules: await listSchedules(db()) }));

/** "Scan every N hours" for a scope: 201 { schedule }. */
export const POST = route(async (request, _params, principal) => {
  const body = scheduleRequestSchema.parse(await readJsonBody(request, '{"everyHours":6,"accounts":"all","regions":"all"}'));
  const schedule = await addSchedule(db(), body, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "schedule.add", schedule.id, `every ${schedule.everyHours} h`);
  return Response.json({ schedule }, { status: 201 });
});
