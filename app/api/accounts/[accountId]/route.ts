import { recordActivity } from "@/lib/auth/activity";
import { deleteAccount } from "@/lib/audits-store/accounts";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Forgets an account: 204 (its past scans stay). */
export const DELETE = route<{ accountId: string }>(async (_request, { accountId }, principal) => {
  await deleteAccount(db(), accountId);
  if (principal) await recordActivity(db(), principal, "account.delete", accountId, "");
  return new Response(null, { status: 204 });
});
