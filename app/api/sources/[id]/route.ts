import { recordActivity } from "@/lib/auth/activity";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { deleteSource, getSource, listRuns } from "@/lib/sources";
import { describeSource } from "@/lib/sources/describe-source";

/** The source and its runs (newest first, without their items). */
export const GET = route<{ id: string }>(async (_request, { id }) => {
  return Response.json({ source: await getSource(db(), id), runs: await listRuns(db(), id) });
});

/** Deletes the source and its runs: 204; the profiles it collected stay. */
export const DELETE = route<{ id: string }>(async (_request, { id }, principal) => {
  const source = await deleteSource(db(), id);
  if (principal) await recordActivity(db(), principal, "source.delete", id, `${describeSource(source)} (its profiles stay)`);
  return new Response(null, { status: 204 });
});
