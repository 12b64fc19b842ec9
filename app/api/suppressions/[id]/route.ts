import { recordActivity } from "@/lib/auth/activity";
import { deleteSuppression } from "@/lib/audits-store/suppressions-store";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Removes a suppression: 204; what it muted counts again at once. */
export const DELETE = route<{ id: string }>(async (_request, { id }, principal) => {
  const removed = await deleteSuppression(db(), id);
  if (principal) await recordActivity(db(), principal, "suppression.delete", id, JSON.stringify(removed.match));
  return new Response(null, { status: 204 });
});
