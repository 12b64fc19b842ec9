import type { Db } from "../db/client";
import type { BlobStore } from "../storage/blob-store";
import { HttpError, NotFoundError } from "../http/errors";
import { toProfileDto, type ProfileDto } from "./profile-dto";
import { removeBlobIfUnused } from "./ingest";

export type ServiceSummary = {
  name: string;
  profileCount: number;
  latestAt: string;
  /** Sum of cpu/nanoseconds over the service's profiles (0 when none are CPU profiles). */
  totalCpuNanos: number;
  pgoUsableCount: number;
};

export async function listServices(db: Db): Promise<ServiceSummary[]> {
  const rows = await db.profile.findMany({
    select: { service: true, capturedAt: true, totals: true, pgoUsable: true },
  });
  const byName = new Map<string, ServiceSummary>();
  for (const row of rows) {
    const s = byName.get(row.service) ?? {
      name: row.service,
      profileCount: 0,
      latestAt: row.capturedAt.toISOString(),
      totalCpuNanos: 0,
      pgoUsableCount: 0,
    };
    s.profileCount += 1;
    if (row.capturedAt.toISOString() > s.latestAt) s.latestAt = row.capturedAt.toISOString();
    s.totalCpuNanos += (row.totals as Record<string, number>)["cpu"] ?? 0;
    if (row.pgoUsable) s.pgoUsableCount += 1;
    byName.set(row.service, s);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

export async function listProfiles(db: Db, service: string): Promise<ProfileDto[]> {
  const rows = await db.profile.findMany({
    where: { service },
    orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }],
  });
  return rows.map(toProfileDto);
}

export async function getProfile(db: Db, id: string): Promise<ProfileDto> {
  const row = await db.profile.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no profile with id ${id}`);
  return toProfileDto(row);
}

export async function readProfileBytes(db: Db, blobs: BlobStore, id: string): Promise<{ profile: ProfileDto; bytes: Uint8Array }> {
  const row = await db.profile.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no profile with id ${id}`);
  const bytes = await blobs.get(row.blobKey);
  if (!bytes) throw await markDamaged(db, row.id, blobs.kind);
  return { profile: toProfileDto(row), bytes };
}

export async function deleteProfile(db: Db, blobs: BlobStore, id: string): Promise<void> {
  const row = await db.profile.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no profile with id ${id}`);
  await db.profile.delete({ where: { id } });
  await removeBlobIfUnused(row.blobKey, { db, blobs }, toProfileDto(row).sampleTypes.length);
}

/** Bytes gone from the store: the row is marked damaged (the UI and API say so) and the read is a 410. */
async function markDamaged(db: Db, id: string, storeKind: string): Promise<HttpError> {
  await db.profile.updateMany({ where: { id, damagedAt: null }, data: { damagedAt: new Date() } }).catch(() => undefined);
  return new HttpError(410, `profile ${id} is damaged: its bytes are gone from the ${storeKind} store; upload it again`);
}
