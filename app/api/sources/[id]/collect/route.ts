import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { sourceRunner } from "@/lib/sources";

/** Starts a run in the background, or returns the one going: 202 { run, joined }. */
export const POST = route<{ id: string }>(async (_request, { id }, principal) => {
  const { run, joined } = await sourceRunner().start(id, principal ? actorName(principal) : "unknown");
  if (principal && !joined) await recordActivity(db(), principal, "source.collect", id, `run ${run.id}`);
  return Response.json({ run, joined }, { status: 202 });
});
