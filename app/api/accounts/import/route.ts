import { readJsonBody } from "@/lib/api/json-body";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { importFromOrganizations, organizationsImportSchema } from "@/lib/audits-store/accounts";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Imports every account of the organisation (AWS Organizations ListAccounts), one role name in each: 201 { accounts }. */
export const POST = route(async (request, _params, principal) => {
  const body = organizationsImportSchema.parse(await readJsonBody(request, '{"roleName":"FleetscopeAudit"}'));
  const accounts = await importFromOrganizations(db(), body, principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "account.import", body.roleName, `${accounts.length} accounts from AWS Organizations`);
  return Response.json({ accounts }, { status: 201 });
});
