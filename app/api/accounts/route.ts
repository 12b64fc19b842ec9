import { readJsonBody } from "@/lib/api/json-body";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { accountRequestSchema, listAccounts, saveAccount } from "@/lib/audits-store/accounts";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** The accounts audits can scan. */
export const GET = route(async () => Response.json({ accounts: await listAccounts(db()) }));

/** Adds an account (or updates the one with the same id): 201 { account }. */
export const POST = route(async (request, _params, principal) => {
  const body = accountRequestSchema.parse(await readJsonBody(request, '{"accountId":"123456789012","roleArn":"arn:aws:iam::123456789012:role/FleetscopeAudit"}'));
  const account = await saveAccount(db(), body, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "account.save", account.accountId, `${account.name}, role ${account.roleArn}`);
  return Response.json({ account }, { status: 201 });
});
