// Sources in the database: create, list, read, delete (their profiles stay).
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";
import { NotFoundError } from "../http/errors";
import { toRunDto, toSourceDto, type RunDto, type SourceDto } from "./source-dto";
import type { SourceRequest } from "./source-request";

export async function createSource(db: Db, request: SourceRequest, createdBy: string): Promise<SourceDto> {
  const common = { id: randomUUID(), kind: request.kind, everyMinutes: request.everyMinutes ?? null, createdBy };
  const data =
    request.kind === "s3"
      ? { ...common, bucket: request.bucket, prefix: request.prefix }
      : request.kind === "endpoint"
        ? { ...common, service: request.service, urls: request.urls, seconds: request.seconds, allowLinkLocal: request.allowLinkLocal }
        : {
            ...common,
            service: request.service,
            cluster: request.cluster,
            ecsService: request.ecsService,
            port: request.port,
            seconds: request.seconds,
            allowLinkLocal: request.allowLinkLocal,
          };
  return toSourceDto(await db.source.create({ data }));
}

/** A run's columns without its items (a run of a big bucket holds thousands). */
const RUN_SUMMARY = { id: true, sourceId: true, status: true, startedAt: true, finishedAt: true, startedBy: true, counts: true, error: true, heartbeatAt: true } as const;

async function latestRuns(db: Db, sourceIds: string[]) {
  const runs = await Promise.all(
    sourceIds.map((sourceId) => db.sourceRun.findFirst({ where: { sourceId }, orderBy: { startedAt: "desc" }, select: RUN_SUMMARY })),
  );
  return new Map(runs.filter((r) => r !== null).map((r) => [r.sourceId, r]));
}

export async function listSources(db: Db): Promise<SourceDto[]> {
  const rows = await db.source.findMany({ orderBy: { createdAt: "asc" } });
  const last = await latestRuns(db, rows.map((r) => r.id));
  return rows.map((row) => toSourceDto(row, last.get(row.id)));
}

export async function getSourceRow(db: Db, id: string) {
  const row = await db.source.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no source ${id.slice(0, 80)}: list them with GET /api/sources`);
  return row;
}

export async function getSource(db: Db, id: string): Promise<SourceDto> {
  const row = await getSourceRow(db, id);
  return toSourceDto(row, (await latestRuns(db, [id])).get(id));
}

/** The source's runs, newest first, without their items. */
export async function listRuns(db: Db, sourceId: string, take = 50): Promise<Omit<RunDto, "items">[]> {
  const rows = await db.sourceRun.findMany({ where: { sourceId }, orderBy: { startedAt: "desc" }, take, select: RUN_SUMMARY });
  return rows.map((row) => {
    const { items: _items, ...run } = toRunDto({ ...row, items: [] });
    return run;
  });
}

export async function getRun(db: Db, id: string): Promise<RunDto> {
  const row = await db.sourceRun.findUnique({ where: { id } });
  if (!row) throw new NotFoundError(`no run ${id.slice(0, 80)}`);
  return toRunDto(row);
}

/** Deletes a source, its runs and what it knew of its objects; the profiles it collected stay. */
export async function deleteSource(db: Db, id: string): Promise<SourceDto> {
  const source = await getSource(db, id);
  await db.$transaction([
    db.sourceObject.deleteMany({ where: { sourceId: id } }),
    db.sourceRun.deleteMany({ where: { sourceId: id } }),
    db.source.delete({ where: { id } }),
  ]);
  return source;
}
