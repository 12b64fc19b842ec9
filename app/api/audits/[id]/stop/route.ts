import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { auditStore } from "@/lib/audits-store";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Stops a running scan: 200 { audit } with status "stopped"; 409 when it is not running. */
export const POST = route<{ id: string }>(async (_request, { id }, principal) => {
  const audit = await auditStore().stop(id, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "audit.stop", audit.id, "stopped before it finished");
  return Response.json({ audit });
});
