/**
 * What the profile viewer shows, computed once and cached: a profile's bytes are
 * read into its table once (profile-table.ts; kept in an LRU by bytes), and each view
 * (top table, pruned flame tree, comparison) is rendered to JSON once per
 * profile, sample type and options (kept in a second LRU by bytes). Pages and
 * the API serve the cached JSON as is. With `persist`, the default views (top
 * table, flame tree at the default pruning) are also kept in the blob store
 * (profile-views-store.ts), so a restarted server serves them without decoding.
 */
import { createHash } from "node:crypto";
import { indexOfTable, type ProfileTable } from "../pprof/profile-table";
import type { StackIndex } from "../pprof/stack-table";
import { readProfileOffThread } from "../workers/profile-work";
import { diffFlameTree, functionChanges, type DiffNode, type FunctionChange } from "../pprof/diff";
import { peekOfIndex, type Peek } from "../pprof/peek";
import { resolveSampleType } from "../pprof/sample-type";
import { deepJson } from "../format/deep-json";
import { HttpError, NotFoundError } from "../http/errors";
import type { FreshRead, IngestDeps } from "./ingest";
import { compareSampleType } from "./compare-types";
import { DEFAULT_MIN_FRACTION, flameFramesView, flameView, topView } from "./view-builders";
import type { ProfileDto } from "./profile-dto";
import { readProfileBytes } from "./queries";
import { ProfileRows, profileRows } from "./profile-rows";
import { blobKeyFor } from "../storage/blob-store";
import { LruCache } from "./lru";
import { readStoredView, storedViewKey, writeStoredView, type StoredViewName } from "./profile-views-store";
import { ProfileDetails, type FilteredView } from "./profile-details";
import { isUnfiltered, NO_FILTERS, viewFiltersKey, type ViewFilters } from "./view-filters";
import { tagsReport, type TagKey } from "../pprof/tags";
import { callGraph, type CallGraph, type GraphOptions } from "../pprof/call-graph";
import { sandwichOfIndex } from "../pprof/sandwich";
import type { FlameNode } from "../pprof/flame-tree";
import { encodeFlameFrames, FLAME_FRAMES_TYPE } from "../pprof/flame-frames-codec";

export { DEFAULT_MIN_FRACTION, type FlameView, type TopView } from "./view-builders";

export type ViewDeps = IngestDeps;

/** GET /api/profiles/:id/peek: a function's callers and callees (go tool pprof -peek). */
export interface PeekView extends Peek {
  sampleType: string;
  unit: string;
  /** Sum of the sample values, for shares of the whole profile. */
  total: number;
}

/** GET /api/profiles/:id/tags: the sample labels, as go tool pprof -tags gives them. */
export interface TagsView {
  sampleType: string;
  unit: string;
  /** The whole profile's total (shares are of it, as in pprof). */
  total: number;
  keys: TagKey[];
  /** Filters given that matched no sample. */
  unmatched: string[];
}

/** GET /api/profiles/:id/graph: the call graph as go tool pprof -dot builds it. */
export interface GraphView extends CallGraph {
  sampleType: string;
  unit: string;
  /** The whole profile's total (pprof's shares and colours are of it). */
  profileTotal: number;
  /** Sum of the kept nodes' flat values ("Showing nodes accounting for"). */
  shown: number;
  options: GraphOptions;
  unmatched: string[];
}

/** GET /api/profiles/:id/sandwich: a function's callers (inverted) and callees as two flame trees. */
export interface SandwichView {
  sampleType: string;
  unit: string;
  name: string;
  cum: number;
  /** The whole profile's total: the function's share is cum / total. */
  total: number;
  minFraction: number;
  callers: FlameNode;
  callees: FlameNode;
}

/** What a filtered view adds: the whole profile's total and the filters that matched nothing. */
export interface FilteredFacts {
  profileTotal: number;
  unmatched: string[];
}

export interface CompareSide {
  id: string;
  service: string;
  capturedAt: string;
  total: number;
}

/** GET /api/profiles/compare */
export interface CompareView {
  sampleType: string;
  unit: string;
  /** Whether base figures were scaled to the target's total before subtracting. */
  normalised: boolean;
  /** The factor applied to base figures (1 when not normalised). */
  scale: number;
  base: CompareSide;
  target: CompareSide;
  minFraction: number;
  folded: { value: number; frames: number };
  /** d3-flame-graph differential tree: value = width, delta = change (red grew, blue shrank). */
  tree: DiffNode;
  /** Every function of either profile, largest |deltaFlat| first. */
  changes: FunctionChange[];
}

/** A view's body: JSON text, or (a flame graph's frames) bytes. */
type ViewBody = string | Uint8Array;

/** How a view was served. */
interface RenderMeta {
  /** True when served from the cache. */
  cached: boolean;
  /** True when another caller was computing it and this one waited for that result. */
  joined?: boolean;
  /** True when read from the blob store (a view computed before a restart) rather than computed. */
  stored?: boolean;
  /** Time spent computing (0 when cached), in ms. */
  ms: number;
}

/** A view as the API sends it. */
export interface RenderedView extends RenderMeta {
  json: string;
}

/** A flame graph's frames as the API sends them (lib/pprof/flame-frames-codec.ts). */
export interface RenderedFrames extends RenderMeta {
  bytes: Uint8Array;
}

export interface ProfileViewsOptions {
  /** Budget of the decoded-profile cache (default 256 MiB). */
  maxProfileBytes?: number;
  /** Budget of the rendered-view cache (default 64 MiB). */
  maxViewBytes?: number;
  /** Keep the default views in the blob store and read them from there before computing (default false). */
  persist?: boolean;
  /** The profile rows the views read (default: a cache of this instance's own). */
  rows?: ProfileRows;
}

const MiB = 1024 * 1024;

/** A profile read into its table, with the stack index the views read. */
export interface ReadTable {
  table: ProfileTable;
  index: StackIndex;
}

const readTable = (table: ProfileTable): ReadTable => ({ table, index: indexOfTable(table) });

/** Parses a minFraction query value: a number in [0, 1], default DEFAULT_MIN_FRACTION. */
export function parseMinFraction(raw: string | null | undefined): number {
  if (raw === null || raw === undefined || raw === "") return DEFAULT_MIN_FRACTION;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) {
    throw new HttpError(400, `minFraction must be a number between 0 and 1 (e.g. 0.0005), got "${raw}"`);
  }
  return value;
}

/** The most frames a focus path may name, and the longest name a frame may have. */
export const MAX_FOCUS_DEPTH = 1024;
const MAX_FRAME_NAME = 4096;

/** The `function` query parameter of a peek: one function's name. */
export function parseFunctionName(raw: string | null): string {
  if (raw === null || raw === "" || raw.length > MAX_FRAME_NAME) {
    throw new HttpError(400, `function must be a function name of 1 to ${MAX_FRAME_NAME} characters (?function=runtime.mallocgc)`);
  }
  return raw;
}

/** A flame graph's body: the d3-flame-graph tree as JSON, or its preorder columns in binary (`?format=frames`). */
export type FlameFormat = "tree" | "frames";

/** `?format=` of a flame graph: absent or "tree", or "frames" (a 400 naming both otherwise). */
export function parseFlameFormat(raw: string | null): FlameFormat {
  if (raw === null || raw === "tree") return "tree";
  if (raw === "frames") return "frames";
  throw new HttpError(400, `format must be "tree" or "frames", got ${JSON.stringify(raw.slice(0, 40))}`);
}

/** `path` query parameters of a flame graph (repeated, outermost frame first): a frame's path from the root. */
export function parseFramePath(values: string[]): string[] | undefined {
  if (values.length === 0) return undefined;
  if (values.length > MAX_FOCUS_DEPTH) throw new HttpError(400, `path names ${values.length} frames; the most is ${MAX_FOCUS_DEPTH}`);
  if (values.some((name) => name === "" || name.length > MAX_FRAME_NAME)) {
    throw new HttpError(400, `each path frame must be a function name of 1 to ${MAX_FRAME_NAME} characters`);
  }
  return values;
}

/** Rounds a float for JSON (sub-unit digits of normalised values mean nothing). */
const round3 = (x: number) => Math.round(x * 1000) / 1000;

function roundDiff(node: DiffNode): DiffNode {
  const stack = [node];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.value = round3(n.value);
    n.delta = round3(n.delta);
    for (const c of n.children) stack.push(c);
  }
  return node;
}

export class ProfileViews {
  private readonly profiles: LruCache<ReadTable>;
  private readonly views: LruCache<ViewBody>;
  private readonly loading = new Map<string, Promise<ReadTable>>();
  private readonly rendering = new Map<string, Promise<{ body: ViewBody; stored: boolean }>>();
  private readonly persist: boolean;
  /** Blob writes in flight (tests wait for them). */
  private readonly saving = new Set<Promise<void>>();
  /** Counters for tests and the benchmark. */
  readonly stats = { decodes: 0, viewHits: 0, viewMisses: 0, storedReads: 0, storedWrites: 0 };
  /** Profiles' details, for views with pprof's filters, a granularity, or the labels. */
  private readonly details = new ProfileDetails();
  /** The rows the views read: sample types, sha256, blob key (no query per view while cached). */
  private readonly rows: ProfileRows;

  constructor(options: ProfileViewsOptions = {}) {
    this.rows = options.rows ?? new ProfileRows();
    this.profiles = new LruCache(options.maxProfileBytes ?? 256 * MiB, 64);
    this.views = new LruCache(options.maxViewBytes ?? 64 * MiB, 1024);
    this.persist = options.persist ?? false;
  }

  private async profile(deps: ViewDeps, id: string): Promise<ProfileDto> {
    return (await this.rows.get(deps.db, id)).profile;
  }

  /** The top table of one sample type (default: the profile's default). */
  async top(deps: ViewDeps, id: string, sampleType?: string | null, filters: ViewFilters = NO_FILTERS): Promise<RenderedView> {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    if (!isUnfiltered(filters)) {
      return this.render(`top|${id}|${t}${viewFiltersKey(filters)}`, async () => {
        const view = await this.filteredView(deps, id, filters);
        // pprof's percentages are of the whole profile's total.
        const total = view.table.stacks.absTotals[t];
        return { ...topView(view.index, profile.sampleTypes[t], t), total, profileTotal: total, unmatched: view.samples.unmatched };
      });
    }
    return this.render(
      `top|${id}|${t}`,
      async () => {
        const read = await this.read(deps, id);
        return topView(read.index, profile.sampleTypes[t], t);
      },
      { deps, profile, name: `top-${t}` },
    );
  }

  /** The labels of the samples, with each value's share (go tool pprof -tags), through the filters. */
  async tags(deps: ViewDeps, id: string, sampleType?: string | null, filters: ViewFilters = NO_FILTERS): Promise<RenderedView> {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    return this.render(`tags|${id}|${t}${viewFiltersKey(filters)}`, async () => {
      const view = await this.filteredView(deps, id, filters);
      const tags: TagsView = {
        sampleType: profile.sampleTypes[t].type,
        unit: profile.sampleTypes[t].unit,
        total: view.table.stacks.absTotals[t],
        keys: tagsReport(view.table, view.samples, t),
        unmatched: view.samples.unmatched,
      };
      return tags;
    });
  }

  /** The call graph (go tool pprof -dot, its trimming with `options`), through the filters. */
  async graph(deps: ViewDeps, id: string, sampleType: string | null, filters: ViewFilters, options: GraphOptions): Promise<RenderedView> {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    const key = `graph|${id}|${t}|${options.nodeCount}|${options.nodeFraction}|${options.edgeFraction}${viewFiltersKey(filters)}`;
    return this.render(key, async () => {
      const view = await this.filteredView(deps, id, filters);
      const graph = callGraph(view.table, view.samples, filters.granularity, t, options);
      const out: GraphView = {
        sampleType: profile.sampleTypes[t].type,
        unit: profile.sampleTypes[t].unit,
        profileTotal: view.table.stacks.absTotals[t],
        shown: graph.nodes.reduce((sum, n) => sum + n.flat, 0),
        options,
        unmatched: view.samples.unmatched,
        ...graph,
      };
      return out;
    });
  }

  /** A function's sandwich: the flame tree of its callees and the inverted one of its callers, through the filters. */
  async sandwich(deps: ViewDeps, id: string, functionName: string, sampleType: string | null, filters: ViewFilters, minFraction: number): Promise<RenderedView> {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    const key = `sandwich|${id}|${t}|${minFraction}|${createHash("sha256").update(functionName).digest("hex")}${viewFiltersKey(filters)}`;
    return this.render(key, async () => {
      const { index, facts } = await this.indexFor(deps, id, t, filters);
      const s = sandwichOfIndex(index, t, functionName, minFraction);
      if (!s) throw new NotFoundError(`no function named "${functionName}" in profile ${id}${facts ? " (through the filters)" : ""}`);
      const view: SandwichView = {
        sampleType: profile.sampleTypes[t].type,
        unit: profile.sampleTypes[t].unit,
        name: s.name,
        cum: s.cum,
        total: facts ? facts.profileTotal : s.total,
        minFraction,
        callers: s.callers.tree,
        callees: s.callees.tree,
      };
      return view;
    });
  }

  /** The stack index a view reads: the profile's own, or the filtered one with the facts a filtered view adds. */
  private async indexFor(deps: ViewDeps, id: string, t: number, filters: ViewFilters): Promise<{ index: StackIndex; facts?: FilteredFacts }> {
    if (isUnfiltered(filters)) return { index: (await this.read(deps, id)).index };
    const view = await this.filteredView(deps, id, filters);
    return { index: view.index, facts: { profileTotal: view.table.stacks.absTotals[t], unmatched: view.samples.unmatched } };
  }

  /** The profile's table (read once, cached) through the filters (cached too). */
  private async filteredView(deps: ViewDeps, id: string, filters: ViewFilters): Promise<FilteredView> {
    const { table } = await this.read(deps, id);
    return this.details.view(table, id, filters);
  }

  /**
   * The flame tree of one sample type, pruned at minFraction of the total; with a focus (a frame's
   * path from the root), only the stacks through that frame, pruned at minFraction of its value.
   */
  async flame(
    deps: ViewDeps,
    id: string,
    sampleType?: string | null,
    minFraction = DEFAULT_MIN_FRACTION,
    focus?: string[],
    filters: ViewFilters = NO_FILTERS,
  ): Promise<RenderedView> {
    const { profile, t, focused, key } = await this.flameKey(deps, id, sampleType, minFraction, focus, filters);
    const stored = minFraction === DEFAULT_MIN_FRACTION && !focused && isUnfiltered(filters) ? { deps, profile, name: `flame-${t}` as const } : undefined;
    return this.render(`flame|${key}`, async () => {
      const { index, facts } = await this.indexFor(deps, id, t, filters);
      return { ...flameView(index, profile.sampleTypes[t], t, minFraction, focused ? focus : undefined), ...facts };
    }, stored);
  }

  /** flame's tree as preorder columns in their binary body (lib/pprof/flame-frames-codec.ts): the viewer's form of a folding it asks for. */
  async flameFrames(
    deps: ViewDeps,
    id: string,
    sampleType: string | null,
    minFraction: number,
    focus: string[] | undefined,
    filters: ViewFilters,
  ): Promise<RenderedFrames> {
    const { profile, t, focused, key } = await this.flameKey(deps, id, sampleType, minFraction, focus, filters);
    const { body, ...meta } = await this.memo(`flame-frames|${key}`, async () => {
      const { index, facts } = await this.indexFor(deps, id, t, filters);
      const view = flameFramesView(index, profile.sampleTypes[t], t, minFraction, focused ? focus : undefined);
      return { body: encodeFlameFrames({ ...view.facts, ...facts }, view.columns), stored: false };
    });
    return { bytes: body, ...meta };
  }

  /** What a flame graph's cache key is made of: the profile, sample type, folding, focus and filters. */
  private async flameKey(deps: ViewDeps, id: string, sampleType: string | null | undefined, minFraction: number, focus: string[] | undefined, filters: ViewFilters) {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    const focused = focus !== undefined && focus.length > 0;
    // A focus may name a thousand long frames: the cache keys it by its hash.
    const key = `${id}|${t}|${minFraction}${focused ? `|${createHash("sha256").update(JSON.stringify(focus)).digest("hex")}` : ""}${viewFiltersKey(filters)}`;
    return { profile, t, focused, key };
  }

  /** The callers and callees of one function (404 when no frame of the profile has that name). */
  async peek(deps: ViewDeps, id: string, functionName: string, sampleType?: string | null, filters: ViewFilters = NO_FILTERS): Promise<RenderedView> {
    const profile = await this.profile(deps, id);
    const t = resolveSampleType(profile.sampleTypes, profile.defaultSampleType, sampleType);
    const key = `peek|${id}|${t}|${createHash("sha256").update(functionName).digest("hex")}${viewFiltersKey(filters)}`;
    return this.render(key, async () => {
      const { index, facts } = await this.indexFor(deps, id, t, filters);
      const peek = peekOfIndex(index, t, functionName);
      if (!peek) throw new NotFoundError(`no function named "${functionName}" in profile ${id}${facts ? " (through the filters)" : ""}`);
      const view: PeekView = {
        sampleType: profile.sampleTypes[t].type,
        unit: profile.sampleTypes[t].unit,
        total: facts ? facts.profileTotal : index.stackValues(t).total,
        ...peek,
        ...facts,
      };
      return view;
    });
  }

  /** The comparison of two profiles on a sample type they share. */
  async compare(
    deps: ViewDeps,
    baseId: string,
    targetId: string,
    options: { sampleType?: string | null; minFraction?: number; normalise?: boolean; filters?: ViewFilters } = {},
  ): Promise<RenderedView> {
    const [base, target] = await Promise.all([this.profile(deps, baseId), this.profile(deps, targetId)]);
    const type = compareSampleType(base, target, options.sampleType);
    const minFraction = options.minFraction ?? DEFAULT_MIN_FRACTION;
    const normalise = options.normalise ?? true;
    const filters = options.filters ?? NO_FILTERS;
    const key = `cmp|${baseId}|${targetId}|${type.type}/${type.unit}|${minFraction}|${normalise}${viewFiltersKey(filters)}`;
    return this.render(key, async () => {
      const [b, t] = await Promise.all([this.read(deps, baseId), this.read(deps, targetId)]);
      const bt = indexOfType(b, type.type, type.unit);
      const tt = indexOfType(t, type.type, type.unit);
      // Both sides through the same filters, at the same granularity.
      const [bi, ti] = await Promise.all([this.indexFor(deps, baseId, bt, filters), this.indexFor(deps, targetId, tt, filters)]);
      const diff = diffFlameTree(bi.index, bt, ti.index, tt, { minFraction });
      const scale = normalise ? diff.scale : 1;
      const changes = functionChanges(bi.index, bt, ti.index, tt, { normalise });
      for (const c of changes) {
        c.deltaFlat = round3(c.deltaFlat);
        c.deltaCum = round3(c.deltaCum);
      }
      const view: CompareView = {
        sampleType: type.type,
        unit: type.unit,
        normalised: normalise,
        scale,
        base: side(base, diff.baseTotal),
        target: side(target, diff.targetTotal),
        minFraction,
        folded: diff.folded,
        tree: roundDiff(normalise ? diff.tree : withoutScale(diff.tree)),
        changes,
        // A filter that matched nothing on either side.
        ...(bi.facts ? { unmatched: bi.facts.unmatched.filter((f) => ti.facts!.unmatched.includes(f)) } : {}),
      };
      return view;
    });
  }

  /**
   * Computes the default views of a freshly stored profile in the background,
   * so that the first page view is served from the cache. Never throws. With what the upload's
   * read gave (`fresh`, and the stored row), nothing is read or computed again: the table and the
   * views rendered beside it are cached as they are (the database is not asked for the row).
   */
  warm(deps: ViewDeps, id: string, fresh?: FreshRead, profile?: ProfileDto): Promise<void> {
    if (fresh) this.adopt(deps, id, fresh, profile);
    if (fresh?.views) return Promise.resolve();
    return new Promise((done) => {
      setTimeout(async () => {
        try {
          await this.flame(deps, id);
          await this.top(deps, id);
        } catch (err) {
          // Deleted before we got to it: nothing to precompute.
          if (err instanceof NotFoundError) return done();
          console.error(`[fleetscope] could not precompute the views of profile ${id}:`, err instanceof Error ? err.message : err);
        }
        done();
      }, 0);
    });
  }

  /**
   * Takes what the upload's read gave: the table (no second read of the bytes) and the default
   * views rendered beside it on the reader's thread (cached, and stored like computed ones).
   */
  private adopt(deps: ViewDeps, id: string, fresh: FreshRead, stored?: ProfileDto): void {
    // The row just written (ingest keys the bytes by their sha256): its first views ask the database nothing.
    if (stored) this.rows.remember({ profile: stored, blobKey: blobKeyFor(stored.sha256) });
    if (!this.profiles.get(id)) this.profiles.set(id, readTable(fresh.table), fresh.table.retainedBytes);
    const views = fresh.views;
    if (!views) return;
    const t = views.sampleType;
    this.views.set(`flame|${id}|${t}|${DEFAULT_MIN_FRACTION}`, views.flame, views.flame.length);
    this.views.set(`top|${id}|${t}`, views.top, views.top.length);
    if (!this.persist) return;
    const keep = (profile: ProfileDto) =>
      this.save(deps, profile, [
        [storedViewKey(profile.sha256, `flame-${t}`), views.flame],
        [storedViewKey(profile.sha256, `top-${t}`), views.top],
      ]);
    if (stored) keep(stored);
    else void this.profile(deps, id).then(keep, () => undefined); // deleted meanwhile: nothing to keep
  }

  /** Drops everything cached for a profile (after it is deleted). */
  forget(id: string): void {
    this.rows.forget(id);
    this.profiles.delete(id);
    this.details.forget(id);
    this.views.deleteWhere((key) => key.includes(`|${id}|`));
  }

  clear(): void {
    this.profiles.clear();
    this.views.clear();
  }

  /** What the caches hold (for tests and the benchmark). */
  usage() {
    return {
      profiles: this.profiles.size,
      profileBytes: this.profiles.cost,
      views: this.views.size,
      viewBytes: this.views.cost,
      ...this.stats,
    };
  }

  /** Waits for the blob writes in flight (tests). */
  async settled(): Promise<void> {
    while (this.saving.size > 0) await Promise.all([...this.saving]);
  }

  /** A JSON view, cached; with `stored`, kept in the blob store too and read from there first. */
  private async render(
    key: string,
    compute: () => Promise<unknown>,
    stored?: { deps: ViewDeps; profile: ProfileDto; name: StoredViewName },
  ): Promise<RenderedView> {
    const blobKey = stored && this.persist ? storedViewKey(stored.profile.sha256, stored.name) : null;
    const { body, ...meta } = await this.memo(key, async () => {
      if (blobKey) {
        const json = await readStoredView(stored!.deps.blobs, blobKey);
        if (json !== null) {
          this.stats.storedReads++;
          return { body: json, stored: true };
        }
      }
      const json = deepJson(await compute());
      if (blobKey) this.save(stored!.deps, stored!.profile, [[blobKey, json]]);
      return { body: json, stored: false };
    });
    return { json: body, ...meta };
  }

  /**
   * A view's body from the cache, or produced once: a request arriving while the same view is
   * produced (by another request or the upload's precompute) waits for that result.
   */
  private async memo<B extends ViewBody>(key: string, produce: () => Promise<{ body: B; stored: boolean }>): Promise<RenderMeta & { body: B }> {
    // Each key holds one kind of body (JSON text, or frames' bytes): the casts below restore it.
    const hit = this.views.get(key) as B | undefined;
    if (hit !== undefined) {
      this.stats.viewHits++;
      return { body: hit, cached: true, ms: 0 };
    }
    const started = performance.now();
    const pending = this.rendering.get(key) as Promise<{ body: B; stored: boolean }> | undefined;
    if (pending) {
      const { body } = await pending;
      return { body, cached: false, joined: true, ms: performance.now() - started };
    }
    this.stats.viewMisses++;
    const promise = (async () => {
      try {
        const made = await produce();
        this.views.set(key, made.body, made.body.length);
        return made;
      } finally {
        this.rendering.delete(key);
      }
    })();
    this.rendering.set(key, promise);
    const { body, stored } = await promise;
    return { body, cached: false, ...(stored ? { stored: true } : {}), ms: performance.now() - started };
  }

  /**
   * Keeps computed views for the next start, in the background (a failure only costs a
   * recomputation then). If the profile's bytes were deleted meanwhile, the stored views go too.
   */
  private save(deps: ViewDeps, profile: ProfileDto, views: [key: string, json: string][]): void {
    const saving = (async () => {
      try {
        for (const [key, json] of views) {
          await writeStoredView(deps.blobs, key, json);
          this.stats.storedWrites++;
        }
        const users = await deps.db.profile.count({ where: { sha256: profile.sha256 } });
        if (users === 0) for (const [key] of views) await deps.blobs.delete(key);
      } catch (err) {
        console.warn(`[fleetscope] could not store a view of profile ${profile.id}:`, err instanceof Error ? err.message : err);
      }
    })();
    this.saving.add(saving);
    void saving.finally(() => this.saving.delete(saving));
  }

  /** A stored profile read into its table, once, and shared by concurrent callers. */
  private async read(deps: ViewDeps, id: string): Promise<ReadTable> {
    const cached = this.profiles.get(id);
    if (cached) return cached;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = (async () => {
        try {
          const { bytes } = await readProfileBytes(deps.db, deps.blobs, id, this.rows);
          this.stats.decodes++;
          const { table } = await readProfileOffThread(bytes, { maxDecompressedBytes: deps.maxDecompressedBytes });
          const read = readTable(table);
          this.profiles.set(id, read, table.retainedBytes);
          return read;
        } finally {
          this.loading.delete(id);
        }
      })();
      this.loading.set(id, pending);
    }
    return pending;
  }
}

function indexOfType(p: ReadTable, type: string, unit: string): number {
  const i = p.table.header.sampleTypes.findIndex((t) => t.type === type && t.unit === unit);
  if (i < 0) throw new HttpError(422, `the stored profile has no ${type}/${unit} sample type`);
  return i;
}

function side(p: ProfileDto, total: number): CompareSide {
  return { id: p.id, service: p.service, capturedAt: p.capturedAt, total };
}

/** Re-expresses a normalised diff tree as plain target − base. */
function withoutScale(root: DiffNode): DiffNode {
  const stack = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    n.delta = n.target - n.base;
    n.value = (n.base + n.target) / 2;
    for (const c of n.children) stack.push(c);
  }
  return root;
}

const holder = globalThis as unknown as { fleetscopeProfileViews?: ProfileViews };

/** The process-wide views cache. */
export function profileViews(): ProfileViews {
  holder.fleetscopeProfileViews ??= new ProfileViews({ persist: true, rows: profileRows() });
  return holder.fleetscopeProfileViews;
}

/** The HTTP response of a rendered view: the cached body as is, with the compute time in Server-Timing. */
export function viewResponse(view: RenderedView | RenderedFrames): Response {
  const binary = "bytes" in view;
  return new Response(binary ? (view.bytes as Uint8Array<ArrayBuffer>) : view.json, {
    headers: {
      "content-type": binary ? FLAME_FRAMES_TYPE : "application/json",
      "cache-control": "private, no-cache",
      "server-timing": `view;desc="${view.cached ? "cache hit" : view.joined ? "computed for another request" : view.stored ? "read from the blob store" : "computed"}";dur=${view.ms.toFixed(1)}`,
    },
  });
}
