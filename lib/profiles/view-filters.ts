/**
 * The filters and granularity a view is asked for (GET /api/profiles/:id/top, flamegraph, peek,
 * tags, compare): query parameters named after go tool pprof's flags (focus, ignore, hide, show,
 * show_from, tagfocus, tagignore; granularity = functions | lines | files).
 */
import { createHash } from "node:crypto";
import { activeFilters, checkFilters, FILTER_NAMES, FilterError, type PprofFilters } from "../pprof/filters";
import { GRANULARITIES, type Granularity } from "../pprof/granularity";
import { HttpError } from "../http/errors";

export interface ViewFilters {
  filters: PprofFilters;
  granularity: Granularity;
}

export const NO_FILTERS: ViewFilters = { filters: {}, granularity: "functions" };

/** Reads and checks the filters of a query: a bad expression or granularity is a 400 naming it. */
export function parseViewFilters(query: URLSearchParams): ViewFilters {
  const filters: PprofFilters = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name);
    if (value) filters[name] = value;
  }
  const raw = query.get("granularity") ?? "functions";
  if (!(GRANULARITIES as readonly string[]).includes(raw)) {
    throw new HttpError(400, `granularity must be one of ${GRANULARITIES.join(", ")} (pprof's -functions, -lines, -files), got "${raw}"`);
  }
  try {
    checkFilters(filters);
  } catch (err) {
    if (err instanceof FilterError) throw new HttpError(400, err.message);
    throw err;
  }
  return { filters, granularity: raw as Granularity };
}

/** Whether the view is the profile's own (no filter, function granularity): the fast path. */
export function isUnfiltered(v: ViewFilters): boolean {
  return v.granularity === "functions" && Object.keys(activeFilters(v.filters)).length === 0;
}

/** A cache key part for the filters ("" when unfiltered). */
export function viewFiltersKey(v: ViewFilters): string {
  if (isUnfiltered(v)) return "";
  const text = JSON.stringify([v.granularity, ...FILTER_NAMES.map((n) => v.filters[n] ?? "")]);
  return `|f:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}
