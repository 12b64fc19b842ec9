import { sendTestMessage } from "@/lib/audits-store/webhook";
import { appConfig } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Posts a test message to the webhook: 200 { sent: true }; 409 without a webhook; 502 with the reason when it fails. */
export const POST = route(async () => {
  await sendTestMessage(db(), appConfig().publicUrl);
  return Response.json({ sent: true });
});
