import { databaseKindOf, type Db } from "../db/client";
import type { Profile as ProfileRow } from "../generated/sqlite/client";
import type { BlobStore } from "../storage/blob-store";
import { HttpError, NotFoundError } from "../http/errors";
import { toProfileDto, type ProfileDto } from "./profile-dto";
import { removeBlobIfUnused } from "./ingest";
import type { ProfileRows } from "./profile-rows";

export type ServiceSummary = {
  name: string;
  profileCount: number;
  latestAt: string;
  /** Sum of cpu/nanoseconds over the service's profiles (0 when none are CPU profiles). */
  totalCpuNanos: number;
  pgoUsableCount: number;
};

/**
 * One row per service, added up by the database. Reading every profile's row to add them up here
 * cost a few milliseconds per hundred profiles on the event loop, per call: under load, with 700
 * profiles stored, GET /api/services was the server's most expensive read (issue 14).
 */
const SERVICES_SQL = {
  sqlite: `SELECT service AS name, COUNT(*) AS "profileCount", MAX("capturedAt") AS "latestAt",
    TOTAL(json_extract(totals, '$.cpu')) AS "totalCpuNanos", SUM("pgoUsable") AS "pgoUsableCount"
    FROM "Profile" GROUP BY service`,
  postgres: `SELECT service AS name, COUNT(*) AS "profileCount", MAX("capturedAt") AS "latestAt",
    COALESCE(SUM((totals->>'cpu')::float8), 0) AS "totalCpuNanos", COUNT(*) FILTER (WHERE "pgoUsable") AS "pgoUsableCount"
    FROM "Profile" GROUP BY service`,
};

type ServiceRow = { name: string; profileCount: bigint | number; latestAt: Date | string; totalCpuNanos: number | bigint | null; pgoUsableCount: bigint | number | null };

export async function listServices(db: Db): Promise<ServiceSummary[]> {
  const rows = await db.$queryRawUnsafe<ServiceRow[]>(SERVICES_SQL[databaseKindOf(db)]);
  return rows
    .map((r) => ({
      name: r.name,
      profileCount: Number(r.profileCount),
      latestAt: new Date(r.latestAt).toISOString(),
      totalCpuNanos: Number(r.totalCpuNanos ?? 0),
      pgoUsableCount: Number(r.pgoUsableCount ?? 0),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Profile rows are read in SQL: Prisma gives raw rows the same shape as its models' (the columns'
 * declared types, in both dialects; queries.test.ts and postgres.test.ts check it), at a third of
 * findUnique's cost on the event loop (0.3 ms instead of 1; issue 14).
 */
export async function listProfiles(db: Db, service: string): Promise<ProfileDto[]> {
  const rows = await db.$queryRaw<ProfileRow[]>`SELECT * FROM "Profile" WHERE service = ${service} ORDER BY "capturedAt" DESC, "createdAt" DESC`;
  return rows.map(toProfileDto);
}

/** The row of profile `id`, or null. */
export async function findProfileRow(db: Db, id: string): Promise<ProfileRow | null> {
  const rows = await db.$queryRaw<ProfileRow[]>`SELECT * FROM "Profile" WHERE id = ${id}`;
  return rows[0] ?? null;
}

export async function getProfile(db: Db, id: string): Promise<ProfileDto> {
  const row = await findProfileRow(db, id);
  if (!row) throw new NotFoundError(`no profile with id ${id}`);
  return toProfileDto(row);
}

/**
 * A profile's bytes, found by its row in `rows` (no query while the row is cached). Bytes gone: the
 * row is forgotten and read again, so a profile deleted meanwhile (on another replica) is a 404, and
 * one whose bytes really are gone is marked damaged and a 410.
 */
export async function readProfileBytes(db: Db, blobs: BlobStore, id: string, rows: ProfileRows): Promise<{ profile: ProfileDto; bytes: Uint8Array }> {
  const { profile, blobKey } = await rows.get(db, id);
  const bytes = await blobs.get(blobKey);
  if (bytes) return { profile, bytes };
  rows.forget(id);
  await rows.get(db, id);
  throw await markDamaged(db, id, blobs.kind);
}

export async function deleteProfile(db: Db, blobs: BlobStore, id: string): Promise<void> {
  const row = await findProfileRow(db, id);
  if (!row) throw new NotFoundError(`no profile with id ${id}`);
  await db.profile.delete({ where: { id } });
  await removeBlobIfUnused(row.blobKey, { db, blobs }, toProfileDto(row).sampleTypes.length);
}

/** Bytes gone from the store: the row is marked damaged (the UI and API say so) and the read is a 410. */
async function markDamaged(db: Db, id: string, storeKind: string): Promise<HttpError> {
  await db.profile.updateMany({ where: { id, damagedAt: null }, data: { damagedAt: new Date() } }).catch(() => undefined);
  return new HttpError(410, `profile ${id} is damaged: its bytes are gone from the ${storeKind} store; upload it again`);
}
