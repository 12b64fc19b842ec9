/**
 * Profiles read into their detail (lib/pprof/profile-detail.ts) and filtered stack indexes of
 * them, cached: what a view with pprof's filters, a granularity or the labels report reads. The
 * detail is read from the stored bytes with pprof-format the first time a profile is filtered.
 */
import { decodeProfile } from "../pprof/decode";
import { filterSamples, type FilteredSamples } from "../pprof/filters";
import { indexOfFiltered } from "../pprof/granularity";
import { detailOfProfile, type ProfileDetail } from "../pprof/profile-detail";
import type { StackIndex } from "../pprof/profile-index";
import type { IngestDeps } from "./ingest";
import { LruCache } from "./lru";
import { readProfileBytes } from "./queries";
import { viewFiltersKey, type ViewFilters } from "./view-filters";

const MiB = 1024 * 1024;

/** A profile's samples through the filters, and their stack index at the view's granularity. */
export interface FilteredView {
  detail: ProfileDetail;
  samples: FilteredSamples;
  index: StackIndex;
}

/** Approximate bytes a detail holds. */
function detailBytes(d: ProfileDetail): number {
  const lines = d.locations.reduce((sum, loc) => sum + 64 + loc.lines.length * 96, 0);
  return lines + d.sampleLocs.byteLength + d.values.byteLength + d.sampleStart.byteLength * 2 + d.labelSets.length * 200;
}

export class ProfileDetails {
  private readonly details = new LruCache<ProfileDetail>(256 * MiB, 16);
  private readonly loading = new Map<string, Promise<ProfileDetail>>();
  private readonly filtered = new LruCache<FilteredView>(128 * MiB, 16);

  /** The detail of stored profile `id`, read once and shared by concurrent callers. */
  async detail(deps: IngestDeps, id: string): Promise<ProfileDetail> {
    const cached = this.details.get(id);
    if (cached) return cached;
    let pending = this.loading.get(id);
    if (!pending) {
      pending = (async () => {
        try {
          const { bytes } = await readProfileBytes(deps.db, deps.blobs, id);
          const detail = detailOfProfile(decodeProfile(bytes, { maxDecompressedBytes: deps.maxDecompressedBytes }));
          this.details.set(id, detail, detailBytes(detail));
          return detail;
        } finally {
          this.loading.delete(id);
        }
      })();
      this.loading.set(id, pending);
    }
    return pending;
  }

  /** Profile `id` through the filters, at the view's granularity. */
  async view(deps: IngestDeps, id: string, v: ViewFilters): Promise<FilteredView> {
    const key = `${id}${viewFiltersKey(v)}`;
    const cached = this.filtered.get(key);
    if (cached) return cached;
    const detail = await this.detail(deps, id);
    const samples = filterSamples(detail, v.filters);
    const index = indexOfFiltered(detail, samples, v.granularity);
    const view = { detail, samples, index };
    this.filtered.set(key, view, samples.sampleLocs.byteLength * 3 + 1024);
    return view;
  }

  forget(id: string): void {
    this.details.delete(id);
    this.filtered.deleteWhere((key) => key === id || key.startsWith(`${id}|`));
  }
}
