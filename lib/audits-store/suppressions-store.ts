import { randomUUID } from "node:crypto";
import type { Suppression, SuppressionMatch, SuppressionRequest } from "../audit/suppressions";
import type { Db } from "../db/client";
import { NotFoundError } from "../http/errors";

type Row = Awaited<ReturnType<Db["auditSuppression"]["findMany"]>>[number];

function toSuppression(row: Row): Suppression {
  return {
    id: row.id,
    match: row.match as unknown as SuppressionMatch,
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
  };
}

/** Every suppression, newest first, expired ones included (they no longer mute anything). */
export async function listSuppressions(db: Db): Promise<Suppression[]> {
  return (await db.auditSuppression.findMany({ orderBy: { createdAt: "desc" } })).map(toSuppression);
}

export async function addSuppression(db: Db, request: SuppressionRequest, by: string): Promise<Suppression> {
  const match = Object.fromEntries(Object.entries(request.match).filter(([, v]) => v !== undefined));
  const row = await db.auditSuppression.create({
    data: { id: randomUUID(), match, reason: request.reason, createdBy: by, expiresAt: request.expiresAt ? new Date(request.expiresAt) : null },
  });
  return toSuppression(row);
}

export async function deleteSuppression(db: Db, id: string): Promise<Suppression> {
  const row = await db.auditSuppression.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no suppression ${id.slice(0, 80)}: list them with GET /api/suppressions`);
  await db.auditSuppression.delete({ where: { id } });
  return toSuppression(row);
}
