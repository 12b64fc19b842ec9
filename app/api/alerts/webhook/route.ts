import { readJsonBody } from "@/lib/api/json-body";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { deleteWebhook, getWebhook, setWebhook, webhookRequestSchema } from "@/lib/audits-store/webhook";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** The webhook alerts go to, masked: `{ webhook: { url, updatedBy, updatedAt } | null }`. */
export const GET = route(async () => Response.json({ webhook: await getWebhook(db()) }));

/** Sets the webhook (Slack-compatible incoming webhook URL); answers with it masked. */
export const PUT = route(async (request, _params, principal) => {
  const { url } = webhookRequestSchema.parse(await readJsonBody(request, '{"url":"https://hooks.slack.com/services/..."}'));
  const webhook = await setWebhook(db(), url, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "webhook.set", webhook.url, "");
  return Response.json({ webhook });
});

/** No more alerts: 204. */
export const DELETE = route(async (_request, _params, principal) => {
  await deleteWebhook(db());
  if (principal) await recordActivity(db(), principal, "webhook.delete", "alerts", "");
  return new Response(null, { status: 204 });
});
