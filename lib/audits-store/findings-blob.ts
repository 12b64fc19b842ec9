import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import type { SeenOpenIngress, SeenUntagged } from "../audit/finding-history";
import { LruCache } from "../profiles/lru";
import { blobKeyFor, type BlobStore } from "../storage/blob-store";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/**
 * Both kinds of findings of one scan, as stored (gzipped JSON, content-addressed), each with its
 * first-seen time and newness as of the scan's end. Blobs of version 1 (before accounts) lack
 * accounts, tags and first-seen times: readers normalise them (normalizeFindings).
 */
export interface AuditFindings {
  untagged: SeenUntagged[];
  openIngress: SeenOpenIngress[];
}

/** Stores the findings; the same findings twice give one blob. Returns its key. */
export async function putFindings(blobs: BlobStore, findings: AuditFindings): Promise<string> {
  const json = JSON.stringify({ version: 2, untagged: findings.untagged, openIngress: findings.openIngress });
  const bytes = await gzipAsync(json);
  const key = blobKeyFor(createHash("sha256").update(bytes).digest("hex"));
  if (!(await blobs.exists(key))) await blobs.put(key, bytes);
  cache.set(key, findings, json.length);
  return key;
}

// Decoded findings of the last few audits looked at (tables, exports and compare read them again).
const holder = globalThis as unknown as { fleetscopeAuditFindings?: LruCache<AuditFindings> };
const cache = (holder.fleetscopeAuditFindings ??= new LruCache<AuditFindings>(128 * 1024 * 1024, 6));

/** The findings under `key`, or null when the blob is missing. */
export async function getFindings(blobs: BlobStore, key: string): Promise<AuditFindings | null> {
  const hit = cache.get(key);
  if (hit) return hit;
  const bytes = await blobs.get(key);
  if (!bytes) return null;
  const json = (await gunzipAsync(bytes)).toString("utf8");
  const parsed = JSON.parse(json) as AuditFindings;
  const findings = { untagged: parsed.untagged ?? [], openIngress: parsed.openIngress ?? [] };
  cache.set(key, findings, json.length);
  return findings;
}
