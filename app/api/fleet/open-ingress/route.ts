import { actorName } from "@/lib/auth/roles";
import { auditStore } from "@/lib/audits-store";
import { answeringAudit, findingsAnswer, parseFleetQuery } from "@/lib/audits-store/fleet-answers";
import { route } from "@/lib/http/route";

/** Instances open to the internet, from the latest finished scan of that scope (fresh=1: scan first, operator). */
export const GET = route(async (request, _params, principal) => {
  const query = parseFleetQuery(new URL(request.url));
  const operator = principal?.role === "operator" ? actorName(principal) : null;
  const audit = await answeringAudit(auditStore(), "open-ingress", query, operator);
  return Response.json(findingsAnswer(audit, await auditStore().findings(audit.id, "open-ingress")));
});
