import { readJsonBody } from "@/lib/api/json-body";
import { suppressionRequestSchema } from "@/lib/audit/suppressions";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { addSuppression, listSuppressions } from "@/lib/audits-store/suppressions-store";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Every suppression, newest first (expired ones too: they no longer mute). */
export const GET = route(async () => Response.json({ suppressions: await listSuppressions(db()) }));

/** Mutes intended findings: 201 { suppression }. */
export const POST = route(async (request, _params, principal) => {
  const body = suppressionRequestSchema.parse(await readJsonBody(request, '{"match":{"tag":"Role=bastion"},"reason":"public bastion"}'));
  const suppression = await addSuppression(db(), body, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "suppression.add", suppression.id, `${JSON.stringify(suppression.match)}: ${suppression.reason}`);
  return Response.json({ suppression }, { status: 201 });
});
