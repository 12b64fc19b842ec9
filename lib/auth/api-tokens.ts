import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { HttpError, NotFoundError } from "../http/errors";
import { TOKEN_PREFIX } from "./authenticate";
import { roleSchema } from "./users";
import { isRole, type Role } from "./roles";
import { newSecret, sha256Hex } from "./secrets";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(100, "name is longer than 100 characters"),
  role: roleSchema,
  expiresAt: z.iso.datetime({ offset: true, error: "expiresAt must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z" }).optional().nullable(),
});

export type TokenDto = {
  id: string;
  name: string;
  role: Role;
  hint: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

/** Create a token; the secret is returned only here and only its sha256 is stored. */
export async function createToken(db: Db, input: unknown, createdBy: string, now = new Date()): Promise<{ token: string; info: TokenDto }> {
  const { name, role, expiresAt } = createTokenSchema.parse(input);
  const expires = expiresAt ? new Date(expiresAt) : null;
  if (expires && expires <= now) throw new HttpError(400, "expiresAt is in the past");
  const token = newSecret(TOKEN_PREFIX);
  const row = await db.apiToken.create({
    data: { id: randomUUID(), name, role, tokenHash: sha256Hex(token), hint: token.slice(0, 8), createdBy, expiresAt: expires },
  });
  return { token, info: toTokenDto(row) };
}

export async function listTokens(db: Db): Promise<TokenDto[]> {
  return (await db.apiToken.findMany({ orderBy: { createdAt: "desc" } })).map(toTokenDto);
}

/** Revoke at once: the next request with the token gets 401. */
export async function revokeToken(db: Db, id: string, now = new Date()): Promise<TokenDto> {
  const row = await db.apiToken.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no token with id ${id}`);
  return toTokenDto(row.revokedAt ? row : await db.apiToken.update({ where: { id }, data: { revokedAt: now } }));
}

function toTokenDto(row: {
  id: string; name: string; role: string; hint: string; createdBy: string; createdAt: Date;
  expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null;
}): TokenDto {
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: row.id,
    name: row.name,
    role: isRole(row.role) ? row.role : "viewer",
    hint: row.hint,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    lastUsedAt: iso(row.lastUsedAt),
    revokedAt: iso(row.revokedAt),
  };
}
