"use server";

import { revalidatePath } from "next/cache";
import { ZodError } from "zod";
import { db } from "@/lib/db/client";
import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { createUser, deleteUser, roleSchema, setUserRole } from "@/lib/auth/users";
import { isClientError } from "@/lib/http/errors";
import { requireAccess } from "../../_lib/current-principal";
import type { ActionState } from "../../_lib/action-state";

function failure(err: unknown): ActionState {
  if (err instanceof ZodError) {
    const errors = Object.fromEntries(err.issues.map((i) => [String(i.path[0] ?? "form"), i.message]));
    return { ok: false, message: err.issues[0]?.message ?? "invalid input", errors };
  }
  if (isClientError(err)) return { ok: false, message: err.message };
  throw err;
}

export async function addUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  try {
    const input = { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? ""), role: roleSchema.parse(form.get("role")) };
    const user = await createUser(db(), input, actorName(principal));
    await recordActivity(db(), principal, "user.create", user.username, `role ${user.role}`);
    revalidatePath("/settings/users");
    return { ok: true, message: `Added ${user.username} as ${user.role}.` };
  } catch (err) {
    return failure(err);
  }
}

export async function changeRoleAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  try {
    const user = await setUserRole(db(), String(form.get("userId") ?? ""), roleSchema.parse(form.get("role")));
    await recordActivity(db(), principal, "user.role", user.username, `now ${user.role}`);
    revalidatePath("/settings/users");
    return { ok: true, message: `${user.username} is now ${user.role}.` };
  } catch (err) {
    return failure(err);
  }
}

export async function deleteUserAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const principal = await requireAccess("operator");
  try {
    const user = await deleteUser(db(), String(form.get("userId") ?? ""));
    await recordActivity(db(), principal, "user.delete", user.username);
    revalidatePath("/settings/users");
    return { ok: true, message: `Removed ${user.username}.` };
  } catch (err) {
    return failure(err);
  }
}
