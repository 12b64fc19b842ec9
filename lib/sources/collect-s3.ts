/**
 * S3 collection, incremental by ETag: every page of the prefix is listed; only objects that are
 * new or whose ETag changed are read (an unchanged one costs no GetObject); objects gone from the
 * listing are marked removed at the source (their profiles stay).
 */
import { ListObjectsV2Command, type S3Client, type _Object } from "@aws-sdk/client-s3";
import pLimit from "p-limit";
import type { Source, SourceObject } from "../generated/sqlite/client";
import { ItemError, messageOf, RunFailed } from "./collect-error";
import type { RunProgress } from "./run-progress";
import { labelsOfMetadata, readObject, serviceOfKey } from "./s3-object";
import type { SourceDeps } from "./source-deps";
import { storeCollected } from "./store-item";

function listFailure(err: unknown, bucket: string, prefix: string): RunFailed {
  const name = (err as { name?: string }).name ?? "";
  const where = `s3://${bucket}/${prefix}`;
  if (name === "NoSuchBucket") return new RunFailed(`bucket ${bucket} does not exist (NoSuchBucket): check the source's bucket and region`);
  if (name === "AccessDenied" || (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 403) {
    return new RunFailed(`access denied listing ${where}: the policy needs s3:ListBucket on arn:aws:s3:::${bucket}`);
  }
  return new RunFailed(`${where} could not be listed: ${name || messageOf(err)}`);
}

async function* listAll(client: S3Client, bucket: string, prefix: string, pageSize?: number): AsyncGenerator<_Object[]> {
  let token: string | undefined;
  do {
    let page;
    try {
      page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token, MaxKeys: pageSize }));
    } catch (err) {
      throw listFailure(err, bucket, prefix);
    }
    yield page.Contents ?? [];
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

type Outcome = Pick<SourceObject, "outcome" | "profileId" | "error">;

async function collectObject(deps: SourceDeps, source: Source, object: _Object): Promise<Outcome> {
  const bucket = source.bucket!;
  const key = object.Key!;
  const service = serviceOfKey(key, source.prefix ?? "");
  if ((object.Size ?? 0) > deps.maxUploadBytes) {
    throw new ItemError("rejected", `the object is ${object.Size} bytes, over the upload limit (FLEETSCOPE_MAX_UPLOAD_BYTES): not read`);
  }
  const { bytes, metadata } = await readObject(deps.s3Client(), bucket, key, deps.maxUploadBytes);
  const stored = await storeCollected(deps, { service, bytes, labels: labelsOfMetadata(metadata), source: `s3://${bucket}/${key}` });
  // Capture time: the profile's own, else when the object was written.
  if (stored.status === "stored" && stored.timeNanos === 0 && object.LastModified) {
    await deps.db.profile.update({ where: { id: stored.profileId }, data: { capturedAt: object.LastModified } });
  }
  return { outcome: stored.status, profileId: stored.profileId, error: null };
}

type ObjectRow = Omit<SourceObject, "seenAt"> & { seenAt: Date };

/** What the run learnt of its objects, written in batches (one transaction per batch, not one per object). */
class ObjectLedger {
  private pending: ObjectRow[] = [];
  private writing: Promise<void> = Promise.resolve();
  constructor(
    private readonly deps: SourceDeps,
    private readonly batch = 100,
  ) {}

  remember(source: Source, object: _Object, outcome: Outcome): void {
    this.pending.push({ sourceId: source.id, key: object.Key!, etag: object.ETag ?? "", lastModified: object.LastModified ?? null, seenAt: new Date(), removedAt: null, ...outcome });
    if (this.pending.length >= this.batch) void this.flush();
  }

  flush(): Promise<void> {
    const rows = this.pending;
    this.pending = [];
    if (rows.length === 0) return this.writing;
    const { db } = this.deps;
    const write = () =>
      db.$transaction(rows.map((row) => db.sourceObject.upsert({ where: { sourceId_key: { sourceId: row.sourceId, key: row.key } }, create: row, update: row }))).then(() => undefined);
    this.writing = this.writing.then(write);
    return this.writing;
  }
}

async function readChanged(deps: SourceDeps, source: Source, progress: RunProgress, ledger: ObjectLedger, object: _Object): Promise<void> {
  const key = object.Key!;
  progress.set(key, "running");
  try {
    const outcome = await collectObject(deps, source, object);
    ledger.remember(source, object, outcome);
    progress.set(key, outcome.outcome as "stored" | "duplicate", { profileId: outcome.profileId ?? undefined });
  } catch (err) {
    if (!(err instanceof ItemError)) {
      console.error(`[fleetscope] collecting s3://${source.bucket}/${key}:`, err instanceof Error ? err.stack : err);
      progress.set(key, "failed", { error: `could not be stored: ${messageOf(err)}` });
      return;
    }
    // A rejected object is remembered (it is read again only when its ETag changes); a failed read is tried again next run.
    if (err.outcome === "rejected") ledger.remember(source, object, { outcome: "rejected", profileId: null, error: err.message });
    progress.set(key, err.outcome, { error: err.message });
  }
}

export async function collectS3(deps: SourceDeps, source: Source, progress: RunProgress): Promise<void> {
  const known = new Map((await deps.db.sourceObject.findMany({ where: { sourceId: source.id } })).map((o) => [o.key, o]));
  const seen = new Set<string>();
  const limit = pLimit(deps.s3Concurrency ?? 8);
  const reads: Promise<void>[] = [];
  const ledger = new ObjectLedger(deps);
  try {
    for await (const page of listAll(deps.s3Client(), source.bucket!, source.prefix ?? "", deps.s3PageSize)) {
      for (const object of page) {
        const key = object.Key;
        if (!key || key.endsWith("/")) continue; // "folder" markers hold no profile
        seen.add(key);
        const before = known.get(key);
        if (before && !before.removedAt && before.etag === object.ETag) {
          progress.add(key, "unchanged", before.profileId ? { profileId: before.profileId } : {});
          continue;
        }
        progress.add(key);
        reads.push(limit(() => readChanged(deps, source, progress, ledger, object)));
      }
    }
  } finally {
    // Objects already queued are read even when a later page cannot be listed.
    await Promise.all(reads);
    await ledger.flush();
  }
  const gone = [...known.values()].filter((o) => !o.removedAt && !seen.has(o.key));
  for (const object of gone) progress.add(object.key, "removed", object.profileId ? { profileId: object.profileId, error: "no longer in the bucket (its profile stays)" } : { error: "no longer in the bucket" });
  const removedAt = new Date();
  for (let i = 0; i < gone.length; i += 500) {
    const keys = gone.slice(i, i + 500).map((o) => o.key);
    await deps.db.sourceObject.updateMany({ where: { sourceId: source.id, key: { in: keys } }, data: { removedAt } });
  }
}
