import { createHash, randomUUID } from "node:crypto";
import type { ProfileTable } from "../pprof/profile-table";
import { readProfileOffThread, type DefaultViewsJson } from "../workers/profile-work";
import { blobKeyFor } from "../storage/blob-store";
import type { BlobStore } from "../storage/blob-store";
import type { Db } from "../db/client";
import { HttpError } from "../http/errors";
import { serviceNameSchema } from "./service-name";
import { toProfileDto, type ProfileDto } from "./profile-dto";
import { derivedBlobKeys } from "./derived-keys";

export type IngestInput = {
  service: string;
  bytes: Uint8Array;
  labels: Record<string, string>;
  /** How the profile arrived: "api" (raw body), "multipart", "browser". */
  source: string;
};

export type IngestDeps = { db: Db; blobs: BlobStore; maxDecompressedBytes: number };

/**
 * The stored profile; for a new one, what reading it gave: its table and default views (the
 * viewer's cache takes them, so the first page view needs no second read).
 */
export type IngestResult = { profile: ProfileDto; created: boolean; read?: FreshRead };

export type FreshRead = { table: ProfileTable; views?: DefaultViewsJson };

export function parseServiceName(raw: unknown): string {
  const parsed = serviceNameSchema.safeParse(raw);
  if (!parsed.success) throw new HttpError(400, parsed.error.issues[0]?.message ?? "bad service name");
  return parsed.data;
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/**
 * Store one profile for a service: the one entry point for every way profiles arrive (uploads,
 * collection). The bytes are read (checked, summarised, their default views rendered) on a work
 * thread. The blob is written before the row; a failed row removes a blob no other row uses. The
 * same bytes for the same service (even concurrently) give one profile: the row's unique key
 * (service, sha256) refuses the second, which then answers with the first.
 */
export async function ingestProfile(input: IngestInput, deps: IngestDeps): Promise<IngestResult> {
  const service = parseServiceName(input.service);
  if (input.bytes.byteLength === 0) throw new HttpError(400, "empty body: send the profile bytes (curl --data-binary @cpu.pprof)");
  const { summary, table, views } = await readProfileOffThread(input.bytes, { maxDecompressedBytes: deps.maxDecompressedBytes }, { views: true });
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");

  // No query first for the same bytes already stored: the row's unique key says so when it is
  // written (a query less per new profile; the blob put is by content, so a repeat rewrites the same bytes).
  const blobKey = blobKeyFor(sha256);
  await deps.blobs.put(blobKey, input.bytes);
  const capturedAt = summary.timeNanos > 0 ? new Date(Math.floor(summary.timeNanos / 1e6)) : new Date();
  try {
    const row = await deps.db.profile.create({
      data: {
        id: randomUUID(),
        service,
        sha256,
        sizeBytes: input.bytes.byteLength,
        blobKey,
        sampleTypes: summary.sampleTypes.map(({ type, unit }) => ({ type, unit })),
        defaultSampleType: summary.defaultSampleType,
        periodType: { type: summary.periodType.type, unit: summary.periodType.unit },
        period: summary.period,
        durationNanos: summary.durationNanos,
        timeNanos: summary.timeNanos,
        capturedAt,
        sampleCount: summary.sampleCount,
        totals: summary.totals,
        functionCount: summary.functionCount,
        labels: input.labels,
        source: input.source,
        pgoUsable: summary.pgo.usable,
        pgoProblems: summary.pgo.problems,
      },
    });
    return { profile: toProfileDto(row), created: true, read: { table, views } };
  } catch (err) {
    if (isUniqueViolation(err)) {
      const winner = await deps.db.profile.findUnique({ where: { service_sha256: { service, sha256 } } });
      if (winner) return { profile: toProfileDto(winner), created: false };
    }
    await removeBlobIfUnused(blobKey, deps);
    throw err;
  }
}

/**
 * Delete a blob when no profile row refers to it any more (blobs are shared across services).
 * `sampleTypeCount`: the profile's number of sample types, to find the views stored for it.
 */
export async function removeBlobIfUnused(blobKey: string, deps: Pick<IngestDeps, "db" | "blobs">, sampleTypeCount = 0): Promise<void> {
  const users = await deps.db.profile.count({ where: { blobKey } });
  if (users === 0) {
    await deps.blobs.delete(blobKey);
    // What was derived from these bytes goes with them (the merge preview's stored index, the viewer's stored views).
    const sha256 = blobKey.slice(blobKey.lastIndexOf("/") + 1);
    if (/^[0-9a-f]{64}$/.test(sha256)) {
      for (const key of derivedBlobKeys(sha256, sampleTypeCount)) await deps.blobs.delete(key);
    }
  }
}
