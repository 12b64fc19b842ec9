import { route } from "@/lib/http/route";
import { db } from "@/lib/db/client";
import { createToken, listTokens } from "@/lib/auth/api-tokens";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";

export const GET = route(async () => {
  const tokens = await listTokens(db());
  return Response.json({
    tokens: tokens.map(({ id, name, role, createdAt, expiresAt, lastUsedAt, revokedAt, hint, createdBy }) => ({
      id, name, role, createdAt, expiresAt, lastUsedAt, revokedAt, hint, createdBy,
    })),
  });
});

export const POST = route(async (request, _params, principal) => {
  const { token, info } = await createToken(db(), await request.json().catch(() => ({})), principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "token.create", info.name, `role ${info.role}${info.expiresAt ? `, expires ${info.expiresAt}` : ""}`);
  return Response.json({ id: info.id, token, name: info.name, role: info.role, expiresAt: info.expiresAt }, { status: 201 });
});
