/**
 * The viewer's pprof filters and granularity as URL query parameters, named after go tool pprof's
 * flags (focus, ignore, hide, show, show_from, tagfocus, tagignore, granularity): the page's URL
 * holds them (a view can be shared) and the API takes the same.
 */
import { FILTER_NAMES, type PprofFilters } from "@/lib/pprof/filters";
import { GRANULARITIES, type Granularity } from "@/lib/pprof/granularity";

export type FilterName = (typeof FILTER_NAMES)[number];

export interface ViewQuery {
  filters: PprofFilters;
  granularity: Granularity;
}

export const EMPTY_VIEW_QUERY: ViewQuery = { filters: {}, granularity: "functions" };

/** What each filter does, for labels and tooltips. */
export const FILTER_HELP: Record<FilterName, { label: string; placeholder: string; help: string }> = {
  focus: { label: "Focus", placeholder: "encoding/json", help: "Only samples with a frame matching this regular expression (function, file or binary)" },
  ignore: { label: "Ignore", placeholder: "runtime\\.gc", help: "Drops samples with a frame matching this regular expression" },
  hide: { label: "Hide", placeholder: "^runtime\\.", help: "Removes matching frames from the stacks (their time goes to their callers)" },
  show: { label: "Show", placeholder: "^main\\.", help: "Keeps only matching frames in the stacks" },
  show_from: { label: "Show from", placeholder: "ServeHTTP", help: "Cuts each stack above its outermost matching frame" },
  tagfocus: { label: "Tag focus", placeholder: "endpoint=^GET", help: "Only samples whose label matches: key=regexp, or a numeric range such as bytes=1kb:" },
  tagignore: { label: "Tag ignore", placeholder: "tenant=acme", help: "Drops samples whose label matches: key=regexp, or a numeric range" },
};

export const GRANULARITY_LABELS: Record<Granularity, string> = { functions: "Functions", lines: "Lines", files: "Files" };

export function readViewQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): ViewQuery {
  const get = (name: string) => {
    if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
    const v = params[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const filters: PprofFilters = {};
  for (const name of FILTER_NAMES) {
    const value = get(name);
    if (value) filters[name] = value;
  }
  const raw = get("granularity");
  const granularity = (GRANULARITIES as readonly string[]).includes(raw ?? "") ? (raw as Granularity) : "functions";
  return { filters, granularity };
}

/** The page's `minFraction` parameter (the flame graph's folding, 0 for none), when it is a number in [0, 1]. */
export function readMinFraction(params: Record<string, string | string[] | undefined>): number | undefined {
  const raw = Array.isArray(params.minFraction) ? params.minFraction[0] : params.minFraction;
  if (raw === undefined || raw === "") return undefined;
  const value = Number(raw);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}

/** The query's parameters, each `&name=value` (nothing for the unfiltered view). */
export function viewQueryString(q: ViewQuery): string {
  let out = "";
  for (const name of FILTER_NAMES) if (q.filters[name]) out += `&${name}=${encodeURIComponent(q.filters[name]!)}`;
  if (q.granularity !== "functions") out += `&granularity=${q.granularity}`;
  return out;
}

export function isEmptyViewQuery(q: ViewQuery): boolean {
  return viewQueryString(q) === "";
}

/** Writes the query into the page's URL (replacing the history entry), keeping its other parameters. */
export function writeViewQuery(q: ViewQuery): void {
  const url = new URL(window.location.href);
  for (const name of [...FILTER_NAMES, "granularity"]) url.searchParams.delete(name);
  for (const name of FILTER_NAMES) if (q.filters[name]) url.searchParams.set(name, q.filters[name]!);
  if (q.granularity !== "functions") url.searchParams.set("granularity", q.granularity);
  window.history.replaceState(null, "", url);
}

/** Regular-expression text matching exactly `value` (a label value clicked into a tag focus). */
export function exactRegexp(value: string): string {
  // Commas separate pprof's tag expressions: write them as \x2c.
  return `^${value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/,/g, "\\x2c")}$`;
}
