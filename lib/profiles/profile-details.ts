/**
 * Filtered stack indexes of profiles, cached: what a view with pprof's filters, a granularity or
 * the labels report reads. They derive from the profile's table (the one read of its bytes, which
 * ProfileViews keeps), in a pass over its columns: no second read.
 */
import { filterSamples, type FilteredSamples } from "../pprof/filters";
import { indexOfFiltered } from "../pprof/granularity";
import type { StackIndex } from "../pprof/stack-table";
import type { ProfileTable } from "../pprof/profile-table";
import { LruCache } from "./lru";
import { viewFiltersKey, type ViewFilters } from "./view-filters";

const MiB = 1024 * 1024;

/** A profile's samples through the filters, and their stack index at the view's granularity. */
export interface FilteredView {
  table: ProfileTable;
  samples: FilteredSamples;
  index: StackIndex;
}

export class ProfileDetails {
  private readonly filtered = new LruCache<FilteredView>(128 * MiB, 16);

  /** Profile `id` (read into `table`) through the filters, at the view's granularity. */
  view(table: ProfileTable, id: string, v: ViewFilters): FilteredView {
    const key = `${id}${viewFiltersKey(v)}`;
    const cached = this.filtered.get(key);
    if (cached) return cached;
    const samples = filterSamples(table, v.filters);
    const index = indexOfFiltered(table, samples, v.granularity);
    const view = { table, samples, index };
    const bytes = samples.stackLocs.byteLength + samples.values.byteLength + samples.samples.byteLength * 2 + index.frames.byteLength * 2 + 1024;
    this.filtered.set(key, view, bytes);
    return view;
  }

  forget(id: string): void {
    this.filtered.deleteWhere((key) => key === id || key.startsWith(`${id}|`));
  }
}
