import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { HttpError, NotFoundError } from "../http/errors";
import { forgetAuthMode } from "./auth-mode";
import { isRole, ROLES, type Role } from "./roles";
import { hashPassword } from "./secrets";

export const PASSWORD_MIN = 12;

export const usernameSchema = z
  .string()
  .trim()
  .min(1, "username is required")
  .max(64, "username is longer than 64 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, "username may hold letters, digits, '.', '_', '@' and '-'");

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `password must be at least ${PASSWORD_MIN} characters`)
  .max(1024, "password is longer than 1024 characters");

export const roleSchema = z.enum(ROLES as [Role, ...Role[]], { error: "role must be viewer or operator" });

export type UserDto = { id: string; username: string; role: Role; createdAt: string; createdBy: string };

export async function createUser(db: Db, input: { username: string; password: string; role: Role }, createdBy: string): Promise<UserDto> {
  const username = usernameSchema.parse(input.username);
  const password = passwordSchema.parse(input.password);
  const role = roleSchema.parse(input.role);
  if (await db.user.findUnique({ where: { username } })) throw new HttpError(409, `user ${username} already exists`);
  const row = await db.user.create({
    data: { id: randomUUID(), username, passwordHash: await hashPassword(password), role, createdBy },
  });
  forgetAuthMode();
  return toUserDto(row);
}

export async function listUsers(db: Db): Promise<UserDto[]> {
  return (await db.user.findMany({ orderBy: { username: "asc" } })).map(toUserDto);
}

async function assertAnotherOperator(db: Db, userId: string): Promise<void> {
  const others = await db.user.count({ where: { role: "operator", id: { not: userId } } });
  if (others === 0) throw new HttpError(409, "the last operator cannot be removed or demoted: add another operator first");
}

export async function setUserRole(db: Db, userId: string, role: Role): Promise<UserDto> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError(`no user with id ${userId}`);
  if (role !== "operator") await assertAnotherOperator(db, userId);
  return toUserDto(await db.user.update({ where: { id: userId }, data: { role } }));
}

export async function deleteUser(db: Db, userId: string): Promise<UserDto> {
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user) throw new NotFoundError(`no user with id ${userId}`);
  await assertAnotherOperator(db, userId);
  await db.user.delete({ where: { id: userId } }); // sessions go with it (cascade)
  return toUserDto(user);
}

/**
 * Create the first operator from FLEETSCOPE_ADMIN_USER / FLEETSCOPE_ADMIN_PASSWORD if it does not
 * exist. With `reset` (FLEETSCOPE_ADMIN_RESET), an existing one gets that password and the operator
 * role again, and its sessions end: the way back for a forgotten password.
 */
export async function bootstrapAdmin(
  db: Db,
  username?: string,
  password?: string,
  options: { reset?: boolean } = {},
): Promise<"created" | "exists" | "reset" | "skipped"> {
  if (!username || !password) return "skipped";
  const existing = await db.user.findUnique({ where: { username: usernameSchema.parse(username) } });
  if (existing && !options.reset) return "exists";
  if (existing) {
    const passwordHash = await hashPassword(passwordSchema.parse(password));
    await db.$transaction([
      db.user.update({ where: { id: existing.id }, data: { passwordHash, role: "operator" } }),
      db.session.deleteMany({ where: { userId: existing.id } }),
    ]);
    return "reset";
  }
  await createUser(db, { username, password, role: "operator" }, "FLEETSCOPE_ADMIN_USER");
  return "created";
}

function toUserDto(row: { id: string; username: string; role: string; createdAt: Date; createdBy: string }): UserDto {
  return { id: row.id, username: row.username, role: isRole(row.role) ? row.role : "viewer", createdAt: row.createdAt.toISOString(), createdBy: row.createdBy };
}
