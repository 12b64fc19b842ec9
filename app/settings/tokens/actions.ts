"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { db } from "@/lib/db/client";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { createToken, revokeToken } from "@/lib/auth/api-tokens";
import { isClientError } from "@/lib/http/errors";
import { requireAccess } from "../../_lib/current-principal";
import type { ActionState } from "../../_lib/action-state";

function failure(err: unknown): ActionState {
  if (err instanceof ZodError) return { ok: false, message: err.issues[0]?.message ?? "invalid input" };
  if (isClientError(err)) return { ok: false, message: err.message };
  throw err;
}

export async function createTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  try {
    const days = String(form.get("expiresInDays") ?? "");
    const expiresAt = days && days !== "never" ? new Date(Date.now() + Number(days) * 86_400_000).toISOString() : null;
    const { token, info } = await createToken(db(), { name: form.get("name"), role: form.get("role"), expiresAt }, actorName(principal));
    await recordActivity(db(), principal, "token.create", info.name, `role ${info.role}${info.expiresAt ? `, expires ${info.expiresAt}` : ""}`);
    revalidatePath("/settings/tokens");
    return { ok: true, message: `Token ${info.name} created. Copy it now: it is not shown again.`, secret: token };
  } catch (err) {
    return failure(err);
  }
}

export async function revokeTokenAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  try {
    const info = await revokeToken(db(), String(form.get("tokenId") ?? ""));
    await recordActivity(db(), principal, "token.revoke", info.name);
    revalidatePath("/settings/tokens");
    return { ok: true, message: `Revoked ${info.name}.` };
  } catch (err) {
    return failure(err);
  }
}
