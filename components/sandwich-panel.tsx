"use client";

import { useCallback, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatValue } from "@/lib/pprof/units";
import { fetchJson, percent } from "./fetch-json";
import { packageColor } from "./flame-colors";
import { FlameGraph, type FlameFrame, type FlameGraphNode } from "./flame-graph";
import { viewQueryString, type ViewQuery } from "./view-query";

/** GET /api/profiles/:id/sandwich (lib/profiles/profile-views.ts SandwichView). */
type SandwichData = { sampleType: string; unit: string; name: string; cum: number; total: number; callers: FlameGraphNode; callees: FlameGraphNode };

const sandwichUrl = (id: string, sampleType: string, name: string, query: ViewQuery) =>
  `/api/profiles/${id}/sandwich?sampleType=${encodeURIComponent(sampleType)}&function=${encodeURIComponent(name)}${viewQueryString(query)}`;

/**
 * A function's sandwich (speedscope's): what calls it, drawn upwards from it, over what it calls,
 * drawn downwards, with its share of the profile. The function is picked here or in the top table.
 */
export function SandwichPanel({
  profileId,
  sampleType,
  query,
  names,
  name,
  onPick,
}: {
  profileId: string;
  sampleType: string;
  query: ViewQuery;
  /** Function names to offer (the top table's). */
  names: string[];
  name: string | null;
  onPick: (name: string) => void;
}) {
  const [typed, setTyped] = useState(name ?? "");
  const sandwich = useQuery({
    queryKey: ["sandwich", profileId, sampleType, name, viewQueryString(query)],
    queryFn: ({ signal }) => fetchJson<SandwichData>(sandwichUrl(profileId, sampleType, name!, query), signal),
    enabled: name !== null,
    staleTime: Infinity,
  });
  const data = sandwich.data;
  const tooltip = useCallback(
    (node: FlameFrame) => [node.name, `${formatValue(node.value, data?.unit ?? "")} · ${percent(node.value, data?.total ?? 0)} of ${data?.sampleType ?? "total"}`],
    [data],
  );
  const color = useCallback((node: FlameFrame) => packageColor(node.name), []);
  return (
    <section className="space-y-3" data-testid="sandwich-panel" aria-label="Sandwich">
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) onPick(typed.trim());
        }}
      >
        <label className="min-w-80 flex-1 text-sm">
          <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Function</span>
          <input
            list="sandwich-functions"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder="a function of the top table, e.g. runtime.mallocgc"
            className="w-full rounded-md border border-slate-300 px-2 py-1.5 font-mono text-sm"
          />
          <datalist id="sandwich-functions">
            {names.slice(0, 500).map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </label>
        <button type="submit" className="rounded-md bg-slate-900 px-3 py-1.5 text-sm text-white hover:bg-slate-700">
          Show sandwich
        </button>
      </form>
      {name === null ? (
        <p className="text-sm text-slate-500">Pick a function (or click a row of the top table) to see what calls it and what it calls.</p>
      ) : sandwich.isError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the sandwich of {name}: {sandwich.error.message}
        </p>
      ) : !data ? (
        <p className="text-sm text-slate-500">Loading the sandwich of {name}…</p>
      ) : (
        <>
          <p className="text-sm text-slate-700" data-testid="sandwich-status">
            <span className="font-mono">{data.name}</span>: {formatValue(data.cum, data.unit)}, {percent(data.cum, data.total)} of {data.sampleType}. Callers
            above (drawn from it upwards), callees below.
          </p>
          <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm" data-testid="sandwich-callers">
            <FlameGraph tree={data.callers} label={`Callers of ${data.name}`} rootAtTop={false} search={null} resetToken={0} color={color} tooltip={tooltip} />
          </div>
          <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm" data-testid="sandwich-callees">
            <FlameGraph tree={data.callees} label={`Callees of ${data.name}`} rootAtTop search={null} resetToken={0} color={color} tooltip={tooltip} />
          </div>
        </>
      )}
    </section>
  );
}
