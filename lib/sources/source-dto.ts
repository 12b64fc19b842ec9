import type { Source as SourceRow, SourceRun as RunRow } from "../generated/sqlite/client";

export type SourceKind = "s3" | "endpoint" | "ecs";
export type ItemStatus = "queued" | "running" | "stored" | "duplicate" | "unchanged" | "rejected" | "failed" | "removed";
export type RunStatus = "running" | "done" | "failed";
export const COUNTED_STATUSES = ["stored", "duplicate", "unchanged", "rejected", "failed", "removed"] as const;
export type CountedStatus = (typeof COUNTED_STATUSES)[number];
export type RunCounts = Record<CountedStatus, number>;

/** One S3 object or fetched URL of a run. */
export interface RunItem {
  key: string;
  status: ItemStatus;
  profileId?: string;
  error?: string;
}

/** The `run` object of the HTTP API (shared/API.md). */
export interface RunDto {
  id: string;
  sourceId: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  startedBy: string;
  counts: RunCounts;
  items: RunItem[];
  error?: string;
}

/** The `source` object of the HTTP API. */
export interface SourceDto {
  id: string;
  kind: SourceKind;
  service?: string;
  bucket?: string;
  prefix?: string;
  urls?: string[];
  cluster?: string;
  ecsService?: string;
  port?: number;
  seconds?: number;
  everyMinutes?: number;
  allowLinkLocal?: boolean;
  createdAt: string;
  createdBy: string;
  lastRun?: { id: string; status: RunStatus; startedAt: string; finishedAt: string | null; counts: RunCounts };
}

export const emptyCounts = (): RunCounts => ({ stored: 0, duplicate: 0, unchanged: 0, rejected: 0, failed: 0, removed: 0 });

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as T;
}

export function toSourceDto(row: SourceRow, lastRun?: Pick<RunRow, "id" | "status" | "startedAt" | "finishedAt" | "counts"> | null): SourceDto {
  return defined({
    id: row.id,
    kind: row.kind as SourceKind,
    service: row.service ?? undefined,
    bucket: row.bucket ?? undefined,
    prefix: row.kind === "s3" ? (row.prefix ?? "") : undefined,
    urls: (row.urls as string[] | null) ?? undefined,
    cluster: row.cluster ?? undefined,
    ecsService: row.ecsService ?? undefined,
    port: row.port ?? undefined,
    seconds: row.seconds ?? undefined,
    everyMinutes: row.everyMinutes ?? undefined,
    allowLinkLocal: row.allowLinkLocal || undefined,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    lastRun: lastRun
      ? {
          id: lastRun.id,
          status: lastRun.status as RunStatus,
          startedAt: lastRun.startedAt.toISOString(),
          finishedAt: lastRun.finishedAt?.toISOString() ?? null,
          counts: lastRun.counts as unknown as RunCounts,
        }
      : undefined,
  });
}

export function toRunDto(row: RunRow): RunDto {
  const run: RunDto = {
    id: row.id,
    sourceId: row.sourceId,
    status: row.status as RunStatus,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    startedBy: row.startedBy,
    counts: row.counts as unknown as RunCounts,
    items: row.items as unknown as RunItem[],
  };
  if (row.error) run.error = row.error;
  return run;
}
