import type { Db } from "../db/client";
import type { BlobStore, ListedBlob } from "../storage/blob-store";

/**
 * The store sweep: blobs without a row, and rows without their blob. A crash between the two writes
 * of an upload (bytes first, then the row) leaves bytes nothing refers to; a bucket edited by hand
 * leaves rows whose bytes are gone. The sweep deletes orphan blobs (and `.tmp` files of writes that
 * never finished) older than `orphanMinAgeMs`, so an upload in flight on another replica is never
 * touched, and marks rows whose bytes are gone as damaged (and unmarks them if the bytes return).
 *
 * Only the key families Fleetscope writes are swept: `sha256/` (profiles, audit findings),
 * `merges/` (merged files and their hot call sites) and `derived/` (views and indexes of a
 * profile, named by its sha256). Anything else in the bucket is left alone.
 */
export const SWEPT_PREFIXES = ["sha256/", "merges/", "derived/"] as const;
export const ORPHAN_MIN_AGE_MS = 60 * 60 * 1000;

export type SweepFindings = {
  blobsChecked: number;
  rowsChecked: number;
  orphansDeleted: string[];
  /** Orphans younger than the minimum age: possibly an upload still in flight, left for a later sweep. */
  orphansKept: number;
  temporaryFilesDeleted: number;
  damagedProfiles: string[];
  damagedMerges: string[];
  repaired: string[];
  durationMs: number;
};

export type SweepOptions = { orphanMinAgeMs?: number; temporaryMinAgeMs?: number; now?: Date };

type SweepDeps = { db: Db; blobs: BlobStore & { deleteListed?(relativePath: string): Promise<void> } };

const EMBEDDED_SHA = /sha256\/[0-9a-f]{2}\/([0-9a-f]{64})/;

type Referenced = {
  keys: Set<string>;
  profileShas: Set<string>;
  profiles: { id: string; blobKey: string; damaged: boolean }[];
  merges: { id: string; blobKey: string; edgesKey: string | null; damaged: boolean }[];
};

/** Rows first, then the listing: a row's blob is written before the row, so it is listed. */
async function referenced(db: Db): Promise<Referenced> {
  const [profiles, merges, audits] = await Promise.all([
    db.profile.findMany({ select: { id: true, blobKey: true, sha256: true, damagedAt: true } }),
    db.merge.findMany({ select: { id: true, blobKey: true, hotEdges: true, damagedAt: true } }),
    db.audit.findMany({ where: { findingsBlobKey: { not: null } }, select: { findingsBlobKey: true } }),
  ]);
  const keys = new Set<string>();
  for (const p of profiles) keys.add(p.blobKey);
  const mergeRows = merges.map((m) => {
    const edgesKey = (m.hotEdges as { edgesBlobKey?: string } | null)?.edgesBlobKey ?? null;
    keys.add(m.blobKey);
    if (edgesKey) keys.add(edgesKey);
    return { id: m.id, blobKey: m.blobKey, edgesKey, damaged: m.damagedAt !== null };
  });
  for (const a of audits) keys.add(a.findingsBlobKey!);
  return {
    keys,
    profileShas: new Set(profiles.map((p) => p.sha256)),
    profiles: profiles.map((p) => ({ id: p.id, blobKey: p.blobKey, damaged: p.damagedAt !== null })),
    merges: mergeRows,
  };
}

function isReferenced(blob: ListedBlob, refs: Referenced): boolean {
  if (refs.keys.has(blob.key)) return true;
  if (!blob.key.startsWith("derived/")) return false;
  const sha = EMBEDDED_SHA.exec(blob.key)?.[1];
  return sha !== undefined && refs.profileShas.has(sha);
}

async function sweepBlobs(deps: SweepDeps, refs: Referenced, findings: SweepFindings, present: Set<string>, options: Required<SweepOptions>) {
  const now = options.now.getTime();
  for (const prefix of SWEPT_PREFIXES) {
    for await (const blob of deps.blobs.list(prefix)) {
      findings.blobsChecked += 1;
      const age = now - blob.modifiedAt.getTime();
      if (blob.temporary) {
        if (age >= options.temporaryMinAgeMs && deps.blobs.deleteListed) {
          await deps.blobs.deleteListed(blob.key);
          findings.temporaryFilesDeleted += 1;
        }
        continue;
      }
      present.add(blob.key);
      if (isReferenced(blob, refs)) continue;
      if (age < options.orphanMinAgeMs) {
        findings.orphansKept += 1;
        continue;
      }
      await deps.blobs.delete(blob.key);
      findings.orphansDeleted.push(blob.key);
    }
  }
}

async function markRows(db: Db, refs: Referenced, present: Set<string>, findings: SweepFindings, now: Date) {
  for (const p of refs.profiles) {
    const gone = !present.has(p.blobKey);
    if (gone && !p.damaged) {
      await db.profile.updateMany({ where: { id: p.id }, data: { damagedAt: now } });
      findings.damagedProfiles.push(p.id);
    } else if (!gone && p.damaged) {
      await db.profile.updateMany({ where: { id: p.id }, data: { damagedAt: null } });
      findings.repaired.push(p.id);
    }
  }
  for (const m of refs.merges) {
    const gone = !present.has(m.blobKey) || (m.edgesKey !== null && !present.has(m.edgesKey));
    if (gone && !m.damaged) {
      await db.merge.updateMany({ where: { id: m.id }, data: { damagedAt: now } });
      findings.damagedMerges.push(m.id);
    } else if (!gone && m.damaged) {
      await db.merge.updateMany({ where: { id: m.id }, data: { damagedAt: null } });
      findings.repaired.push(m.id);
    }
  }
}

export async function sweepStore(deps: SweepDeps, options: SweepOptions = {}): Promise<SweepFindings> {
  const started = Date.now();
  const opts: Required<SweepOptions> = {
    orphanMinAgeMs: options.orphanMinAgeMs ?? ORPHAN_MIN_AGE_MS,
    temporaryMinAgeMs: options.temporaryMinAgeMs ?? options.orphanMinAgeMs ?? ORPHAN_MIN_AGE_MS,
    now: options.now ?? new Date(),
  };
  const findings: SweepFindings = {
    blobsChecked: 0, rowsChecked: 0, orphansDeleted: [], orphansKept: 0, temporaryFilesDeleted: 0,
    damagedProfiles: [], damagedMerges: [], repaired: [], durationMs: 0,
  };
  const refs = await referenced(deps.db);
  findings.rowsChecked = refs.profiles.length + refs.merges.length;
  const present = new Set<string>();
  await sweepBlobs(deps, refs, findings, present, opts);
  await markRows(deps.db, refs, present, findings, opts.now);
  findings.durationMs = Date.now() - started;
  return findings;
}

/** One line for the log and the Activity page, or null when the sweep found nothing to say. */
export function describeFindings(f: SweepFindings): string | null {
  const parts: string[] = [];
  if (f.orphansDeleted.length) parts.push(`deleted ${f.orphansDeleted.length} blob(s) without a row`);
  if (f.temporaryFilesDeleted) parts.push(`deleted ${f.temporaryFilesDeleted} unfinished .tmp file(s)`);
  if (f.damagedProfiles.length) parts.push(`marked ${f.damagedProfiles.length} profile(s) damaged, their bytes are gone (${f.damagedProfiles.slice(0, 5).join(", ")})`);
  if (f.damagedMerges.length) parts.push(`marked ${f.damagedMerges.length} merge(s) damaged, their file is gone (${f.damagedMerges.slice(0, 5).join(", ")})`);
  if (f.repaired.length) parts.push(`${f.repaired.length} damaged row(s) have their bytes again`);
  return parts.length ? parts.join("; ") : null;
}
