import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { getRun } from "@/lib/sources";

/** A run with every item's status (live while it goes). */
export const GET = route<{ id: string }>(async (_request, { id }) => {
  return Response.json({ run: await getRun(db(), id) });
});
