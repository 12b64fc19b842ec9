import { recordActivity } from "@/lib/auth/activity";
import { auditStore } from "@/lib/audits-store";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (_request, { id }) => {
  return Response.json({ audit: await auditStore().get(id) });
});

/** Deletes a finished audit and its findings: 204; 409 while it runs. */
export const DELETE = route<{ id: string }>(async (_request, { id }, principal) => {
  const audit = await auditStore().delete(id);
  if (principal) await recordActivity(db(), principal, "audit.delete", id, `the scan of ${audit.startedAt} and its findings`);
  return new Response(null, { status: 204 });
});
