"use client";

import { useEffect, useState } from "react";
import { Filter, X } from "lucide-react";
import { checkFilters, FILTER_NAMES } from "@/lib/pprof/filters";
import { GRANULARITIES, type Granularity } from "@/lib/pprof/granularity";
import { FILTER_HELP, GRANULARITY_LABELS, isEmptyViewQuery, type FilterName, type ViewQuery } from "./view-query";

type Draft = Record<FilterName, string>;

const draftOf = (q: ViewQuery): Draft => Object.fromEntries(FILTER_NAMES.map((n) => [n, q.filters[n] ?? ""])) as Draft;

/** The message of the first filter that does not compile, checked in the browser before asking the server. */
function draftProblem(draft: Draft): string | null {
  try {
    checkFilters(draft);
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * pprof's filters and granularity for every view of the profile (flame graph, top table, callers
 * and callees, labels) or of both sides of a comparison. Applied on submit (Enter or Apply); `error` is the server's answer to the
 * applied ones, `unmatched` the filters that matched no sample.
 */
export function FilterBar({
  query,
  onApply,
  error,
  unmatched,
}: {
  query: ViewQuery;
  onApply: (next: ViewQuery) => void;
  error?: string | null;
  unmatched?: string[];
}) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(query));
  const [granularity, setGranularity] = useState<Granularity>(query.granularity);
  const [problem, setProblem] = useState<string | null>(null);
  // A change from outside (a label clicked into a tag focus, a graph node into a focus) shows here.
  useEffect(() => {
    setDraft(draftOf(query));
    setGranularity(query.granularity);
  }, [query]);

  const apply = (nextDraft: Draft, nextGranularity: Granularity) => {
    const found = draftProblem(nextDraft);
    setProblem(found);
    if (found) return;
    const filters = Object.fromEntries(FILTER_NAMES.filter((n) => nextDraft[n].trim() !== "").map((n) => [n, nextDraft[n].trim()]));
    onApply({ filters, granularity: nextGranularity });
  };
  const shownError = problem ?? error ?? null;
  const active = !isEmptyViewQuery(query);

  return (
    <form
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-3 shadow-sm"
      aria-label="pprof filters"
      data-testid="filter-bar"
      onSubmit={(e) => {
        e.preventDefault();
        apply(draft, granularity);
      }}
    >
      <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-8">
        {FILTER_NAMES.map((name) => (
          <label key={name} className="text-sm" title={FILTER_HELP[name].help}>
            <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">{FILTER_HELP[name].label}</span>
            <input
              name={name}
              value={draft[name]}
              onChange={(e) => setDraft((d) => ({ ...d, [name]: e.target.value }))}
              placeholder={FILTER_HELP[name].placeholder}
              spellCheck={false}
              aria-invalid={shownError?.startsWith(`${name}:`) ? true : undefined}
              className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-xs aria-[invalid]:border-red-400"
            />
          </label>
        ))}
        <label className="text-sm" title="pprof's -functions, -lines (func file:line) or -files">
          <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Granularity</span>
          <select
            name="granularity"
            value={granularity}
            onChange={(e) => {
              const next = e.target.value as Granularity;
              setGranularity(next);
              apply(draft, next);
            }}
            className="w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {GRANULARITIES.map((g) => (
              <option key={g} value={g}>
                {GRANULARITY_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button type="submit" className="inline-flex items-center gap-1.5 rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white hover:bg-slate-700">
          <Filter className="h-4 w-4" aria-hidden /> Apply filters
        </button>
        <button
          type="button"
          disabled={!active}
          onClick={() => {
            setProblem(null);
            onApply({ filters: {}, granularity: "functions" });
          }}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
        >
          <X className="h-4 w-4" aria-hidden /> Clear
        </button>
        <span className="text-xs text-slate-500">
          As <span className="font-mono">go tool pprof -focus … -lines</span>: regular expressions on function names, file names and the binary; tag
          filters take key=regexp or a numeric range (bytes=1kb:).
        </span>
      </div>
      {shownError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="filter-error">
          {shownError}
        </p>
      ) : unmatched && unmatched.length > 0 ? (
        <p role="status" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900" data-testid="filter-unmatched">
          {unmatched.map((n) => FILTER_HELP[n as FilterName]?.label ?? n).join(", ")} matched no samples.
        </p>
      ) : null}
    </form>
  );
}
