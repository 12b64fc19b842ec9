/**
 * The profile rows that views and downloads read, kept in the process for a few seconds. What they
 * read of a row (sample types, sha256, blob key, service, capture time) never changes once written,
 * so a cached view or a download asks the database nothing: a query through Prisma costs about a
 * millisecond of the event loop, a fifth of a cached view's whole cost under load (issue 14).
 * What does change, and how it is seen:
 * - deleted on this replica: forgotten at once (ProfileViews.forget, which the delete route calls);
 * - deleted on another replica: seen within ROW_TTL_MS, the age at which a row is asked for again;
 *   until then this replica may still serve the deleted profile's views (and its bytes, if another
 *   service's row shares them);
 * - the damage mark: never read from here. GET /api/profiles/:id and the lists ask the database; a
 *   download whose bytes are gone forgets the row and asks again (queries.ts readProfileBytes).
 */
import type { Db } from "../db/client";
import { NotFoundError } from "../http/errors";
import { LruCache } from "./lru";
import { toProfileDto, type ProfileDto } from "./profile-dto";
import { findProfileRow } from "./queries";

export const ROW_TTL_MS = 5_000;
const MAX_ROWS = 10_000;

/** What a view or a download needs of a profile's row. */
export type CachedRow = { profile: ProfileDto; blobKey: string };

type Entry = { row: CachedRow; readAt: number };

export class ProfileRows {
  private readonly rows = new LruCache<Entry>(MAX_ROWS, MAX_ROWS);
  /** Reads in flight: concurrent misses for one id share one query. */
  private readonly loading = new Map<string, Promise<CachedRow>>();
  /** How many rows were forgotten so far: a read that saw one forgotten meanwhile keeps nothing. */
  private forgets = 0;

  constructor(readonly ttlMs = ROW_TTL_MS) {}

  /** The row of profile `id` (404 when there is none), from the cache while it is fresh. */
  async get(db: Db, id: string): Promise<CachedRow> {
    const hit = this.rows.get(id);
    if (hit && Date.now() - hit.readAt < this.ttlMs) return hit.row;
    const pending = this.loading.get(id);
    if (pending) return pending;
    const load: Promise<CachedRow> = this.load(db, id).finally(() => {
      if (this.loading.get(id) === load) this.loading.delete(id);
    });
    this.loading.set(id, load);
    return load;
  }

  /** A row this replica has just written (an upload): the first views of it need no query. */
  remember(row: CachedRow): void {
    this.rows.set(row.profile.id, { row, readAt: Date.now() }, 1);
  }

  /** Drops a row (deleted, or its bytes found gone), and any read of it in flight. */
  forget(id: string): void {
    this.forgets += 1;
    this.rows.delete(id);
    this.loading.delete(id);
  }

  private async load(db: Db, id: string): Promise<CachedRow> {
    const forgetsBefore = this.forgets;
    const found = await findProfileRow(db, id);
    if (!found) throw new NotFoundError(`no profile with id ${id}`);
    const row = { profile: toProfileDto(found), blobKey: found.blobKey };
    // A row forgotten while the query ran (a delete on this replica) may be this one: not kept.
    if (this.forgets === forgetsBefore) this.remember(row);
    return row;
  }
}

const holder = globalThis as unknown as { fleetscopeProfileRows?: ProfileRows };

/** The process-wide row cache (the views' and the downloads'). */
export function profileRows(): ProfileRows {
  holder.fleetscopeProfileRows ??= new ProfileRows();
  return holder.fleetscopeProfileRows;
}
