import { actorName } from "@/lib/auth/roles";
import { auditStore } from "@/lib/audits-store";
import { answeringAudit, countsAnswer, parseFleetQuery } from "@/lib/audits-store/fleet-answers";
import { route } from "@/lib/http/route";

/** Instances per account and region, from the latest finished scan of that scope (fresh=1: scan first, operator). */
export const GET = route(async (request, _params, principal) => {
  const query = parseFleetQuery(new URL(request.url));
  const operator = principal?.role === "operator" ? actorName(principal) : null;
  const audit = await answeringAudit(auditStore(), "counts", query, operator);
  return Response.json(countsAnswer(audit));
});
