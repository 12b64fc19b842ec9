"use client";

import { useQuery } from "@tanstack/react-query";
import { formatValue } from "@/lib/pprof/units";
import { EmptyState } from "./empty-state";
import { fetchJson, percent } from "./fetch-json";
import { exactRegexp } from "./view-query";

type TagValue = { value: string; amount: number; number?: number };
type TagKey = { key: string; numeric: boolean; unit?: string; total: number; values: TagValue[] };
/** GET /api/profiles/:id/tags (lib/profiles/profile-views.ts TagsView). */
type TagsData = { sampleType: string; unit: string; total: number; keys: TagKey[]; unmatched: string[] };

/** pprof's unit suffix for an exact numeric tag filter (bytes=57344b); plain numbers for other units. */
function numericFilter(key: TagKey, value: TagValue): string | null {
  if (value.number === undefined) return null;
  const suffix = key.unit === "bytes" ? "b" : key.unit === "nanoseconds" ? "ns" : "";
  return `${key.key}=${value.number}${suffix}`;
}

/** The tag focus a click on a label value sets. */
export function tagFocusFor(key: TagKey, value: TagValue): string | null {
  return key.numeric ? numericFilter(key, value) : `${key.key}=${exactRegexp(value.value)}`;
}

/**
 * The samples' labels (pprof labels such as endpoint or tenant, and numeric ones such as a heap
 * profile's bytes), each value with its share of the profile, as go tool pprof -tags gives them; a
 * click on a value focuses the views on its samples (a tag focus).
 */
export function LabelsPanel({ url, onTagFocus }: { url: string; onTagFocus: (tagfocus: string) => void }) {
  const tags = useQuery({ queryKey: ["tags", url], queryFn: ({ signal }) => fetchJson<TagsData>(url, signal), staleTime: Infinity });
  if (tags.isError) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        Could not load the labels: {tags.error.message}
      </p>
    );
  }
  const data = tags.data;
  if (!data) return <p className="text-sm text-slate-500">Loading labels…</p>;
  if (data.keys.length === 0) {
    return (
      <EmptyState title="No sample labels">
        No sample (through the filters) carries a label. Go programs add them with <span className="font-mono">pprof.Do</span> or{" "}
        <span className="font-mono">pprof.SetGoroutineLabels</span>; heap profiles carry a numeric <span className="font-mono">bytes</span> label.
      </EmptyState>
    );
  }
  return (
    <div className="grid gap-4 md:grid-cols-2" data-testid="labels-panel">
      {data.keys.map((key) => (
        <section key={key.key} className="rounded-lg border border-slate-200 bg-white p-3 shadow-sm" aria-label={`label ${key.key}`}>
          <h3 className="mb-2 flex items-baseline justify-between gap-2 text-sm font-semibold">
            <span className="font-mono">{key.key}</span>
            <span className="num font-normal text-slate-500">
              {formatValue(key.total, data.unit)} of {formatValue(data.total, data.unit)} ({percent(key.total, data.total)})
            </span>
          </h3>
          <ul className="space-y-1">
            {key.values.slice(0, 50).map((value) => {
              const focus = tagFocusFor(key, value);
              return (
                <li key={value.value}>
                  <button
                    type="button"
                    disabled={focus === null}
                    onClick={() => focus && onTagFocus(focus)}
                    title={focus ? `Focus on the samples with ${key.key} ${value.value} (tagfocus=${focus})` : undefined}
                    className="group relative block w-full overflow-hidden rounded px-2 py-1 text-left text-sm hover:bg-blue-50 disabled:cursor-default"
                  >
                    <span className="absolute inset-y-0 left-0 bg-blue-100 group-hover:bg-blue-200" style={{ width: percent(value.amount, data.total) }} aria-hidden />
                    <span className="relative flex justify-between gap-2">
                      <span className="truncate font-mono">{value.value}</span>
                      <span className="num shrink-0 text-slate-700">
                        {formatValue(value.amount, data.unit)} · {percent(value.amount, data.total)}
                      </span>
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {key.values.length > 50 ? <p className="mt-1 text-xs text-slate-500">and {key.values.length - 50} more values</p> : null}
        </section>
      ))}
    </div>
  );
}
