import { auditRequestSchema } from "@/lib/audit/audit-request";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { auditStore } from "@/lib/audits-store";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

/** Audits, newest first. */
export const GET = route(async () => {
  return Response.json({ audits: await auditStore().list() });
});

/** Starts a scan in the background (or joins the running scan of the same scope): 202 { audit, joined }. */
export const POST = route(async (request, _params, principal) => {
  const text = await request.text();
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'the body must be JSON, e.g. {"regions":"all","requiredTags":["Owner"]}');
    }
  }
  const { audit, joined } = await auditStore().start(auditRequestSchema.parse(body), principal ? actorName(principal) : "unknown");
  if (principal && !joined) {
    const regions = audit.regionsRequested === "all" ? "all enabled regions" : audit.regionsRequested.join(", ");
    await recordActivity(db(), principal, "audit.start", audit.id, `${regions}; required tags ${audit.requiredTags.join(", ")}`);
  }
  return Response.json({ audit, joined }, { status: 202 });
});
