import { route } from "@/lib/http/route";
import { db } from "@/lib/db/client";
import { revokeToken } from "@/lib/auth/api-tokens";
import { recordActivity } from "@/lib/auth/activity";

export const DELETE = route<{ id: string }>(async (_request, { id }, principal) => {
  const token = await revokeToken(db(), id);
  if (principal) await recordActivity(db(), principal, "token.revoke", token.name);
  return new Response(null, { status: 204 });
});
