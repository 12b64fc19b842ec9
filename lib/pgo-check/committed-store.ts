/**
 * The default.pgo that is in the repository: marked from a stored merge or uploaded, kept in the
 * database (the newest row is current) with its bytes in the blob store, and compared with each
 * service's profiles as they arrive (the refresh check, over time).
 */
import { randomUUID } from "node:crypto";
import { recordActivity } from "../auth/activity";
import { actorName, type Principal } from "../auth/roles";
import { HttpError, NotFoundError } from "../http/errors";
import { mergeService, type MergeDeps } from "../merges/merge-service";
import { LruCache } from "../profiles/lru";
import { readCommittedFile, type CommittedFile } from "./committed-file";
import { DEFAULT_MIN_HOT_SHARE } from "./freshness";

export interface CommittedPgoDto {
  id: string;
  createdAt: string;
  createdBy: string;
  mergeId: string | null;
  sha256: string;
  sizeBytes: number;
  services: string[];
  minHotShare: number;
}

export type MarkCommitted =
  | { mergeId: string; services?: string[]; minHotShare?: number }
  | { bytes: Uint8Array; services: string[]; minHotShare?: number };

type Row = { id: string; createdAt: Date; createdBy: string; mergeId: string | null; sha256: string; sizeBytes: number; blobKey: string; services: unknown; minHotShare: number };

function toDto(row: Row): CommittedPgoDto {
  const { blobKey: _blobKey, createdAt, services, ...rest } = row;
  return { ...rest, createdAt: createdAt.toISOString(), services: services as string[] };
}

export const committedBlobKey = (sha256: string) => `committed-pgo/sha256/${sha256.slice(0, 2)}/${sha256}`;

/** Parsed committed files by sha256: the trend reads the same file for every point. */
const parsed = new LruCache<CommittedFile>(64 * 2 ** 20, 8);

export async function markCommitted(deps: MergeDeps, principal: Principal | null, request: MarkCommitted): Promise<CommittedPgoDto> {
  let bytes: Uint8Array;
  let services: string[];
  let blobKey: string;
  let mergeId: string | null = null;
  if ("mergeId" in request) {
    const row = await deps.db.merge.findUnique({ where: { id: request.mergeId } });
    if (!row) throw new NotFoundError(`no merge with id ${request.mergeId}`);
    ({ bytes } = await mergeService().file(deps, request.mergeId));
    services = request.services ?? [...new Set((row.inputs as { service: string }[]).map((i) => i.service))];
    blobKey = row.blobKey;
    mergeId = row.id;
  } else {
    bytes = request.bytes;
    services = request.services;
    blobKey = "";
  }
  if (services.length === 0) throw new HttpError(400, "name the services the committed default.pgo serves (service=users&service=search)");
  const file = await readCommittedFile(bytes, { maxDecompressedBytes: deps.maxDecompressedBytes });
  parsed.set(file.sha256, file, bytes.byteLength * 4);
  if (!blobKey) {
    blobKey = committedBlobKey(file.sha256);
    if (!(await deps.blobs.exists(blobKey))) await deps.blobs.put(blobKey, bytes);
  }
  const row = await deps.db.committedPgo.create({
    data: {
      id: randomUUID(),
      createdBy: principal ? actorName(principal) : "local",
      mergeId,
      sha256: file.sha256,
      sizeBytes: file.sizeBytes,
      blobKey,
      services,
      minHotShare: request.minHotShare ?? DEFAULT_MIN_HOT_SHARE,
    },
  });
  if (principal) await recordActivity(deps.db, principal, "pgo.committed", mergeId ? `merge/${mergeId}` : `sha256/${file.sha256.slice(0, 12)}`, services.join(", "));
  return toDto(row);
}

export async function currentCommitted(deps: MergeDeps): Promise<{ dto: CommittedPgoDto; file: CommittedFile } | null> {
  const row = await deps.db.committedPgo.findFirst({ orderBy: { createdAt: "desc" } });
  if (!row) return null;
  let file = parsed.get(row.sha256);
  if (!file) {
    const bytes = await deps.blobs.get(row.blobKey);
    if (!bytes) throw new NotFoundError(`the committed default.pgo (sha256 ${row.sha256.slice(0, 12)}) is missing from the ${deps.blobs.kind} store: mark it again`);
    file = await readCommittedFile(bytes, { maxDecompressedBytes: deps.maxDecompressedBytes });
    parsed.set(row.sha256, file, bytes.byteLength * 4);
  }
  return { dto: toDto(row), file };
}

/** Forgets which file is committed (the merges and profiles stay). */
export async function clearCommitted(deps: MergeDeps): Promise<void> {
  const rows = await deps.db.committedPgo.findMany();
  await deps.db.committedPgo.deleteMany();
  for (const key of new Set(rows.filter((r) => r.mergeId === null).map((r) => r.blobKey))) await deps.blobs.delete(key);
}
