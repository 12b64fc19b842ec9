/**
 * Merges of stored profiles: previews (cached per selection), the merged flame graph,
 * stored merges with their default.pgo, history, and comparisons. Inputs are read once
 * into InputIndexes kept in an LRU, so previews of other selections of the same profiles
 * cost only the arithmetic.
 */
import { createHash, randomUUID } from "node:crypto";
import { gzipSync, gunzipSync } from "node:zlib";
import type { Db } from "../db/client";
import { deepJson } from "../format/deep-json";
import { HttpError, NotFoundError } from "../http/errors";
import { recordActivity } from "../auth/activity";
import type { Principal } from "../auth/roles";
import { actorName } from "../auth/roles";
import { indexOfTable } from "../pprof/profile-table";
import { mergedFileOffThread, mergeIndexOffThread, readProfileOffThread } from "../workers/profile-work";
import { flameTreeOfIndex } from "../pprof/flame-tree";
import { hotEdges as selectHotEdges, type PgoEdge } from "../pprof/pgo-edges";
import { blobKeyFor, type BlobStore } from "../storage/blob-store";
import { LruCache } from "../profiles/lru";
import { toProfileDto, type ProfileDto } from "../profiles/profile-dto";
import { DEFAULT_MIN_FRACTION, profileViews, type FlameView } from "../profiles/profile-views";
import { decodeIndex, encodeIndex, indexBlobKey } from "./index-codec";
import type { InputIndex } from "./input-index";
import { compareHotEdges, type HotEdgeComparison } from "./compare";
import { mergeFlameTrees } from "./flame-merge";
import { readStoredHotEdges, toMergeDto, type MergeDto, type StoredHotEdges, type MergeInputDto } from "./merge-dto";
import type { MergedFile } from "./merged-file";
import { computePreview, limitPreview, type LoadedInput, type MergePreview, type PreviewResult } from "./preview";
import { MergeError } from "../pprof/merge-errors";
import { previewKey, selectionKey, weightMode, type MergeSelection, type ProfilePick } from "./selection";
import { representativeProfiles } from "./representative";

export interface MergeDeps {
  db: Db;
  blobs: BlobStore;
  maxDecompressedBytes: number;
}

const MiB = 1024 * 1024;
/** Hot call sites kept in the Merge row; the full list is a blob. */
export const SUMMARY_EDGES = 100;

/** Where merge files live in the blob store: content-addressed, apart from profile bytes. */
export function mergeBlobKey(sha256: string): string {
  return `merges/${blobKeyFor(sha256)}`;
}

function edgesBlobKey(sha256: string): string {
  return `merges/hot-edges/${blobKeyFor(sha256)}`;
}

export interface MergeComparison extends HotEdgeComparison {
  base: MergeDto;
  target: MergeDto;
}

export interface LatestPgo {
  bytes: Uint8Array;
  sha256: string;
  profiles: ProfileDto[];
  /** The stored merge served, or null when merged for this request. */
  mergeId: string | null;
  warnings: string[];
  /** Go's error when `go build -pgo` would refuse the file. */
  error: string | undefined;
}

export interface PreviewView extends MergePreview {
  /** Time spent computing, in ms (0 when cached). */
  ms: number;
  cached: boolean;
}

export class MergeService {
  private readonly indexes = new LruCache<InputIndex>(256 * MiB, 256);
  private readonly loading = new Map<string, Promise<InputIndex>>();
  private readonly previews = new LruCache<PreviewResult>(96 * MiB, 64);
  private readonly flames = new LruCache<string>(32 * MiB, 128);
  private readonly files = new LruCache<MergedFile>(128 * MiB, 32);
  private readonly storedEdges = new LruCache<PgoEdge[]>(64 * MiB, 64);
  readonly stats = { indexBuilds: 0, indexLoads: 0, previewHits: 0, previewMisses: 0 };
  private warming = 0;
  /** Indexes read by warm() and not stored in the blob store yet. */
  private readonly unsaved = new Set<string>();
  private readonly saving = new Set<Promise<void>>();

  /** Profile rows in the order asked; 404 naming the missing ones. */
  async profiles(db: Db, ids: string[]): Promise<ProfileDto[]> {
    const rows = await db.profile.findMany({ where: { id: { in: ids } } });
    const byId = new Map(rows.map((r) => [r.id, toProfileDto(r)]));
    const missing = ids.filter((id) => !byId.has(id));
    if (missing.length > 0) throw new NotFoundError(`no profile with id ${missing.join(", ")}`);
    return ids.map((id) => byId.get(id)!);
  }

  private async bytes(deps: MergeDeps, profile: ProfileDto): Promise<Uint8Array> {
    const bytes = await deps.blobs.get(blobKeyFor(profile.sha256));
    if (!bytes) throw new NotFoundError(`the bytes of profile ${profile.id} are missing from the ${deps.blobs.kind} store`);
    return bytes;
  }

  /** The InputIndex of a stored profile, read once (concurrent callers share the read). */
  async index(deps: MergeDeps, profile: ProfileDto, bytes?: Uint8Array, persist = true): Promise<InputIndex> {
    const hit = this.indexes.get(profile.id);
    if (hit) {
      if (persist && this.unsaved.delete(profile.id)) this.save(deps, profile, hit);
      return hit;
    }
    let pending = this.loading.get(profile.id);
    if (!pending) {
      pending = (async () => {
        try {
          // Read before (on this replica or another): the stored index loads in milliseconds.
          const key = indexBlobKey(profile.sha256);
          const stored = await deps.blobs.get(key).catch(() => null);
          const loaded = stored ? decodeIndex(stored) : null;
          if (loaded) {
            this.stats.indexLoads++;
            this.indexes.set(profile.id, loaded, loaded.retainedBytes);
            return loaded;
          }
          this.stats.indexBuilds++;
          let index: InputIndex;
          try {
            index = await mergeIndexOffThread(bytes ?? (await this.bytes(deps, profile)), deps.maxDecompressedBytes);
          } catch (err) {
            if (err instanceof MergeError) throw new HttpError(422, `profile ${profile.id} (${profile.service}) cannot be merged: ${err.message}`);
            throw err;
          }
          this.indexes.set(profile.id, index, index.retainedBytes);
          if (persist) this.save(deps, profile, index);
          else this.unsaved.add(profile.id);
          return index;
        } finally {
          this.loading.delete(profile.id);
        }
      })();
      this.loading.set(profile.id, pending);
    }
    return pending;
  }

  /**
   * Keep an index used by a preview for the next start (in the background; a failure only costs
   * a rebuild then). If the profile was deleted meanwhile, the stored index goes too.
   */
  private save(deps: MergeDeps, profile: ProfileDto, index: InputIndex): void {
    const key = indexBlobKey(profile.sha256);
    const saving = (async () => {
      try {
        // After the preview that waits for this index is computed (encoding takes tens of ms).
        await new Promise((resolve) => setImmediate(resolve));
        await deps.blobs.put(key, encodeIndex(index));
        const users = await deps.db.profile.count({ where: { sha256: profile.sha256 } });
        if (users === 0) await deps.blobs.delete(key);
      } catch (err) {
        console.warn(`[fleetscope] could not store the merge index of profile ${profile.id}:`, err instanceof Error ? err.message : err);
      }
    })();
    this.saving.add(saving);
    void saving.finally(() => this.saving.delete(saving));
  }

  /** Drops every cache (tests and the benchmark). */
  clear(): void {
    this.indexes.clear();
    this.unsaved.clear();
    this.previews.clear();
    this.flames.clear();
    this.files.clear();
    this.storedEdges.clear();
  }

  /** Resolves once no input is being read or stored (background warming included). */
  async idle(): Promise<void> {
    while (this.warming || this.loading.size > 0 || this.saving.size > 0) {
      await Promise.allSettled([...this.loading.values(), ...this.saving]);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  /**
   * Read the InputIndexes of likely inputs in the background, after `delayMs` (the merge page warms
   * the latest profiles; an upload warms its profiles a while later). Never throws. idle() waits for it.
   */
  warm(deps: MergeDeps, profiles: ProfileDto[], delayMs = 0): void {
    this.warming++;
    setTimeout(async () => {
      const todo = profiles.filter((p) => !this.indexes.get(p.id) && !this.loading.has(p.id));
      for (const p of todo) {
        try {
          // Not stored yet: only indexes a preview uses are kept in the blob store.
          await this.index(deps, p, undefined, false);
        } catch {
          // Deleted or unreadable: the preview will say so if it is picked.
        }
      }
      this.warming--;
    }, delayMs);
  }

  private async loaded(deps: MergeDeps, profiles: ProfileDto[], bytes?: Uint8Array[]): Promise<LoadedInput[]> {
    const indexes = await Promise.all(profiles.map((p, k) => this.index(deps, p, bytes?.[k])));
    return profiles.map((profile, k) => ({ profile, index: indexes[k] }));
  }

  /** The preview of a selection (cached). 404 for unknown profiles, 422 for incompatible ones. */
  async preview(deps: MergeDeps, selection: MergeSelection): Promise<PreviewResult & { ms: number; cached: boolean }> {
    const profiles = await this.profiles(deps.db, selection.profileIds);
    const key = previewKey(selection);
    const hit = this.previews.get(key);
    if (hit) {
      this.stats.previewHits++;
      return { ...hit, ms: 0, cached: true };
    }
    this.stats.previewMisses++;
    const started = performance.now();
    const result = computePreview(selection, await this.loaded(deps, profiles));
    this.previews.set(key, result, 4096 + result.preview.hotEdges.edges.length * 250);
    return { ...result, ms: performance.now() - started, cached: false };
  }

  /** The preview as the API sends it. */
  async previewView(deps: MergeDeps, selection: MergeSelection, limit: number | null = null): Promise<PreviewView> {
    const r = await this.preview(deps, selection);
    return { ...limitPreview(r.preview, limit), ms: r.ms, cached: r.cached };
  }

  /** The merged flame graph of a selection, from the viewer's (cached) flame trees of its inputs. JSON. */
  async previewFlame(deps: MergeDeps, selection: MergeSelection): Promise<string> {
    const r = await this.preview(deps, selection);
    const key = `${previewKey(selection)}|flame`;
    const hit = this.flames.get(key);
    if (hit) return hit;
    const type = r.preview.defaultSampleType;
    const col = r.header.sampleTypes.findIndex((st) => st.type === type.type);
    const trees: FlameView[] = [];
    for (const id of selection.profileIds) {
      // One at a time: each is CPU-bound, and the viewer's cache may already hold them.
      trees.push(JSON.parse((await profileViews().flame(deps, id, type.type, DEFAULT_MIN_FRACTION)).json) as FlameView);
    }
    const merged = mergeFlameTrees(
      trees.map((t, k) => ({ tree: t, scale: r.weights[k] * (r.plans[k].ratios[col] ?? 1), folded: t.folded })),
      { minFraction: DEFAULT_MIN_FRACTION, guardedNames: r.guardedNames },
    );
    const json = deepJson({
      ...merged.tree,
      sampleType: type.type,
      unit: type.unit,
      total: merged.total,
      minFraction: DEFAULT_MIN_FRACTION,
      folded: merged.folded,
    });
    this.flames.set(key, json, json.length * 2);
    return json;
  }

  /** The merged default.pgo of a selection, not stored (GET /api/pgo). Cached per selection. */
  async mergedFile(deps: MergeDeps, selection: MergeSelection): Promise<{ file: MergedFile; preview: PreviewResult; profiles: ProfileDto[] }> {
    const profiles = await this.profiles(deps.db, selection.profileIds);
    const bytes = await Promise.all(profiles.map((p) => this.bytes(deps, p)));
    await this.loaded(deps, profiles, bytes);
    const preview = await this.preview(deps, selection);
    const key = selectionKey(selection);
    let file = this.files.get(key);
    if (!file) {
      // The preview's edge map is what a PGO-minimal file is checked against.
      const expected = selection.options.minimal ? preview.edgeMap() : null;
      file = await mergedFileOffThread(
        bytes.map((data, k) => ({ data, weight: preview.weights[k] })),
        selection.options,
        expected,
        deps.maxDecompressedBytes,
      );
      this.files.set(key, file, file.bytes.length + 1024);
    }
    return { file, preview, profiles };
  }

  /** Merge, store default.pgo and a Merge row. Nothing is written when the inputs are refused. */
  async create(deps: MergeDeps, principal: Principal | null, selection: MergeSelection): Promise<MergeDto> {
    const { file, preview, profiles } = await this.mergedFile(deps, selection);
    let hot = preview.preview.hotEdges;
    if (file.edgeMap) {
      // The written file disagreed with the preview: its own edge map is the truth.
      const h = selectHotEdges(file.edgeMap, hot.cdfPercent);
      hot = {
        ...hot,
        totalWeight: h.totalWeight,
        thresholdWeight: h.thresholdWeight,
        thresholdPercent: h.thresholdPercent,
        count: h.edges.length,
        edgeCount: file.edgeMap.edges.size,
        edges: h.edges,
      };
    }

    const blobKey = mergeBlobKey(file.sha256);
    if (!(await deps.blobs.exists(blobKey))) await deps.blobs.put(blobKey, file.bytes);
    const edgesJson = gzipSync(JSON.stringify({ edges: hot.edges }));
    const edgesSha = createHash("sha256").update(edgesJson).digest("hex");
    const edgesKey = edgesBlobKey(edgesSha);
    if (!(await deps.blobs.exists(edgesKey))) await deps.blobs.put(edgesKey, new Uint8Array(edgesJson.buffer, edgesJson.byteOffset, edgesJson.byteLength));

    const inputs: MergeInputDto[] = profiles.map((p, k) => ({
      profileId: p.id,
      service: p.service,
      sha256: p.sha256,
      weight: preview.weights[k],
      capturedAt: p.capturedAt,
    }));
    const stored: StoredHotEdges & { edgesBlobKey: string } = {
      ...hot,
      edges: hot.edges.slice(0, SUMMARY_EDGES),
      hazards: preview.preview.hazards,
      edgesBlobKey: edgesKey,
    };
    const row = await deps.db.merge.create({
      data: {
        id: randomUUID(),
        createdBy: principal ? actorName(principal) : "system",
        inputs: inputs as object[],
        options: { ...selection.options, weights: weightMode(selection) },
        sha256: file.sha256,
        sizeBytes: file.bytes.length,
        fullSizeBytes: file.fullSizeBytes,
        blobKey,
        sampleType: hot.sampleType,
        hotEdges: stored as object,
        coverage: preview.preview.coverage as object[],
        contributions: preview.preview.contributions as object[],
        warnings: preview.preview.warnings,
      },
    });
    this.storedEdges.set(row.id, hot.edges, hot.edges.length * 200);
    if (principal) {
      const services = [...new Set(inputs.map((i) => i.service))].join(", ");
      await recordActivity(
        deps.db,
        principal,
        "merge.create",
        `merge/${row.id}`,
        `${inputs.length} profile${inputs.length === 1 ? "" : "s"} (${services}), ${file.bytes.length} bytes, sha256 ${file.sha256.slice(0, 12)}`,
      );
    }
    return toMergeDto(row);
  }

  /** Merge history, newest first. */
  async list(db: Db, limit = 500): Promise<MergeDto[]> {
    const rows = await db.merge.findMany({ orderBy: { createdAt: "desc" }, take: limit });
    return rows.map(toMergeDto);
  }

  async get(db: Db, id: string): Promise<MergeDto> {
    const row = await db.merge.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no merge with id ${id}`);
    return toMergeDto(row);
  }

  /** A stored merge's default.pgo. */
  async file(deps: MergeDeps, id: string): Promise<{ merge: MergeDto; bytes: Uint8Array }> {
    const row = await deps.db.merge.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no merge with id ${id}`);
    const bytes = await deps.blobs.get(row.blobKey);
    if (!bytes) throw new NotFoundError(`the default.pgo of merge ${id} is missing from the ${deps.blobs.kind} store`);
    return { merge: toMergeDto(row), bytes };
  }

  /** Every hot call site of a stored merge, heaviest first. */
  async hotEdges(deps: MergeDeps, id: string): Promise<{ merge: MergeDto; stored: StoredHotEdges; edges: PgoEdge[] }> {
    const row = await deps.db.merge.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`no merge with id ${id}`);
    const stored = readStoredHotEdges(row.hotEdges) as StoredHotEdges & { edgesBlobKey?: string };
    let edges = this.storedEdges.get(id);
    if (!edges) {
      edges = stored.edges;
      if (stored.edgesBlobKey && stored.count > stored.edges.length) {
        const blob = await deps.blobs.get(stored.edgesBlobKey);
        if (!blob) throw new NotFoundError(`the hot call sites of merge ${id} are missing from the ${deps.blobs.kind} store`);
        edges = (JSON.parse(gunzipSync(blob).toString("utf8")) as { edges: PgoEdge[] }).edges;
      }
      this.storedEdges.set(id, edges, edges.length * 200);
    }
    return { merge: toMergeDto(row), stored, edges };
  }

  /** GET /api/merges/:id/preview: the stored preview, in the preview's shape. */
  async storedPreview(deps: MergeDeps, id: string, limit: number | null = null) {
    const { merge, stored, edges } = await this.hotEdges(deps, id);
    const { edgesBlobKey: _key, hazards, ...summary } = stored as StoredHotEdges & { edgesBlobKey?: string };
    return limitPreview(
      {
        merge,
        contributions: merge.contributions,
        hotEdges: { ...summary, edges },
        coverage: merge.coverage,
        warnings: merge.warnings,
        hazards: hazards ?? [],
      },
      limit,
    );
  }

  /** GET /api/merges/compare: hot call sites that appear, disappear or move from base to target. */
  async compare(deps: MergeDeps, baseId: string, targetId: string, limit: number | null = null): Promise<MergeComparison> {
    const [base, target] = await Promise.all([this.hotEdges(deps, baseId), this.hotEdges(deps, targetId)]);
    return {
      base: base.merge,
      target: target.merge,
      ...compareHotEdges({ edges: base.edges, totalWeight: base.stored.totalWeight }, { edges: target.edges, totalWeight: target.stored.totalWeight }, limit),
    };
  }

  /** The newest profile of each service, in the order given; 404 naming services without profiles. */
  async latestProfiles(db: Db, services: string[]): Promise<ProfileDto[]> {
    const rows = await Promise.all(
      services.map((service) => db.profile.findFirst({ where: { service }, orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }] })),
    );
    const missing = services.filter((_, k) => !rows[k]);
    if (missing.length > 0) {
      const known = (await db.profile.findMany({ select: { service: true }, distinct: ["service"], orderBy: { service: "asc" } })).map((r) => r.service);
      const list = missing.map((m) => `"${m}"`).join(", ");
      throw new NotFoundError(
        `no profiles for service ${list}: upload one first (POST /api/profiles?service=NAME). ` +
          (known.length > 0 ? `Services with profiles: ${known.join(", ")}` : "No profiles are stored yet."),
      );
    }
    return rows.map((r) => toProfileDto(r!));
  }

  /**
   * GET /api/pgo: the latest profile of each service merged. A stored merge of exactly these
   * inputs and options is served as stored; otherwise the file is merged (and cached).
   */
  async latestPgo(deps: MergeDeps, services: string[], rest: Omit<MergeSelection, "profileIds" | "weights">, pick: ProfilePick = { kind: "latest" }): Promise<LatestPgo> {
    const profiles = pick.kind === "representative" ? await representativeProfiles(deps.db, services, pick.lastN) : await this.latestProfiles(deps.db, services);
    const selection: MergeSelection = { ...rest, profileIds: profiles.map((p) => p.id), weights: {} };
    const key = selectionKey(selection);
    const stored = await deps.db.merge.findMany({ select: { id: true, inputs: true, options: true, blobKey: true, sha256: true, warnings: true }, orderBy: { createdAt: "desc" }, take: 200 });
    for (const m of stored) {
      const inputs = m.inputs as unknown as MergeInputDto[];
      const options = m.options as unknown as MergeDto["options"];
      const same: MergeSelection = {
        profileIds: inputs.map((i) => i.profileId),
        weights: Object.fromEntries(inputs.map((i) => [i.profileId, i.weight])),
        equalise: options.weights === "equal",
        options: { dropLabels: options.dropLabels, minimal: options.minimal, guardHazards: options.guardHazards },
      };
      if (selectionKey(same) !== key) continue;
      const bytes = await deps.blobs.get(m.blobKey);
      if (bytes) return { bytes, sha256: m.sha256, profiles, mergeId: m.id, warnings: m.warnings as unknown as string[], error: undefined };
    }
    const { file, preview } = await this.mergedFile(deps, selection);
    return { bytes: file.bytes, sha256: file.sha256, profiles, mergeId: null, warnings: preview.preview.warnings, error: preview.preview.hotEdges.error };
  }

  /** The flame graph of a stored merge's file (its default sample type). JSON. */
  async storedFlame(deps: MergeDeps, id: string): Promise<string> {
    const key = `stored|${id}`;
    const hit = this.flames.get(key);
    if (hit) return hit;
    const { bytes } = await this.file(deps, id);
    const { table } = await readProfileOffThread(bytes, { maxDecompressedBytes: Math.max(deps.maxDecompressedBytes, bytes.length * 64) });
    const t = table.header.defaultSampleType;
    const types = table.header.sampleTypes;
    const { tree, total, folded } = flameTreeOfIndex(indexOfTable(table), t, { minFraction: DEFAULT_MIN_FRACTION });
    const json = deepJson({ ...tree, sampleType: types[t].type, unit: types[t].unit, total, minFraction: DEFAULT_MIN_FRACTION, folded });
    this.flames.set(key, json, json.length * 2);
    return json;
  }
}

const holder = globalThis as unknown as { fleetscopeMergeService?: MergeService };

/** The process-wide merge service (its caches survive hot reloads). */
export function mergeService(): MergeService {
  holder.fleetscopeMergeService ??= new MergeService();
  return holder.fleetscopeMergeService;
}
