"use client";

import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { formatValue } from "@/lib/pprof/units";
import { fetchJson, percent } from "./fetch-json";
import { peekUrl } from "./view-urls";
import { viewQueryString, type ViewQuery } from "./view-query";

type PeekEdge = { name: string; value: number };

/** GET /api/profiles/:id/peek (lib/profiles/profile-views.ts PeekView). */
type PeekData = { sampleType: string; unit: string; total: number; name: string; flat: number; cum: number; callers: PeekEdge[]; callees: PeekEdge[] };

/**
 * A function's callers and callees (go tool pprof -peek), each with the value of the stacks where
 * they meet it and its share of the function's cum; a name selects that function instead.
 */
export function PeekPanel({
  profileId,
  sampleType,
  query,
  name,
  onSelect,
  onClose,
}: {
  profileId: string;
  sampleType: string;
  /** pprof's filters and granularity of the viewer. */
  query?: ViewQuery;
  name: string;
  onSelect: (name: string) => void;
  onClose: () => void;
}) {
  const peek = useQuery({
    queryKey: ["peek", profileId, sampleType, name, query ? viewQueryString(query) : ""],
    queryFn: ({ signal }) => fetchJson<PeekData>(peekUrl(profileId, sampleType, name, query), signal),
    staleTime: Infinity,
  });
  const data = peek.data;
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm" aria-labelledby="peek-heading" data-testid="peek-panel">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h2 id="peek-heading" className="text-base font-semibold">
            Callers and callees of <span className="break-all font-mono text-sm">{name}</span>
          </h2>
          <p className="text-sm text-slate-600">
            {data ? (
              <>
                flat {formatValue(data.flat, data.unit)} ({percent(data.flat, data.total)}), cum {formatValue(data.cum, data.unit)} (
                {percent(data.cum, data.total)}) of {data.sampleType}. Shares below are of its cum, as in{" "}
                <span className="font-mono">go tool pprof -peek</span>; click a name to go to that function.
              </>
            ) : peek.isError ? null : (
              "Loading…"
            )}
          </p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm hover:bg-slate-50"
          aria-label="Close callers and callees"
        >
          <X className="h-4 w-4" aria-hidden /> Close
        </button>
      </div>
      {peek.isError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the callers and callees: {peek.error.message}
        </p>
      ) : data ? (
        <div className="grid gap-4 md:grid-cols-2">
          <EdgeList title="Callers" edges={data.callers} of={data.cum} unit={data.unit} onSelect={onSelect} empty="None: the stacks start here." />
          <EdgeList title="Callees" edges={data.callees} of={data.cum} unit={data.unit} onSelect={onSelect} empty="None: all of its time is its own." />
        </div>
      ) : null}
    </section>
  );
}

function EdgeList({ title, edges, of, unit, onSelect, empty }: { title: string; edges: PeekEdge[]; of: number; unit: string; onSelect: (name: string) => void; empty: string }) {
  return (
    <div>
      <h3 className="mb-1 text-xs font-medium uppercase tracking-wide text-slate-500">
        {title} ({edges.length})
      </h3>
      {edges.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <ul className="max-h-72 space-y-0.5 overflow-auto pr-1" aria-label={title}>
          {edges.map((edge) => (
            <li key={edge.name} className="relative flex items-center gap-2 rounded px-1.5 py-0.5 text-sm">
              <span aria-hidden className="absolute inset-y-0 left-0 rounded bg-orange-100" style={{ width: `${Math.min(100, (100 * edge.value) / (of || 1))}%` }} />
              <button type="button" onClick={() => onSelect(edge.name)} className="relative min-w-0 flex-1 truncate text-left font-mono text-xs text-blue-800 hover:underline" title={edge.name}>
                {edge.name}
              </button>
              <span className="relative shrink-0 tabular-nums text-slate-700">{formatValue(edge.value, unit)}</span>
              <span className="relative w-16 shrink-0 text-right tabular-nums text-slate-500">{percent(edge.value, of)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
