"use client";

import { startTransition, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { ArrowDownToLine, ArrowUpToLine, Layers, RotateCcw, Search } from "lucide-react";
import type { SampleTypeDto } from "@/lib/profiles/profile-dto";
import { formatValue } from "@/lib/pprof/units";
import { EmptyState } from "./empty-state";
import { fetchJson, percent } from "./fetch-json";
import { fetchFlame } from "./flame-fetch";
import { packageColor } from "./flame-colors";
import { FlameGraph, type FlameFrame, type FlameSearch, type FlameSearchResult } from "./flame-graph";
import { FunctionTableSection } from "./function-table-section";
import { PeekPanel } from "./peek-panel";
import { TopTable, type TopData } from "./top-table";
import { focusedFlameUrl, viewUrls } from "./view-urls";
import { FilterBar } from "./filter-bar";
import { LabelsPanel } from "./labels-panel";
import { CallGraphView } from "./call-graph-view";
import { SandwichPanel } from "./sandwich-panel";
import { exactRegexp, viewQueryString, writeViewQuery, type ViewQuery } from "./view-query";
import { useDebounced } from "./use-debounced";

type ViewTab = "flame" | "graph" | "sandwich" | "labels";

type Props = {
  profileId: string;
  sampleTypes: SampleTypeDto[];
  initialSampleType: string;
  /** pprof's filters and granularity from the page's URL. */
  initialQuery: ViewQuery;
  /** The flame graph's folding from the page's URL (`?minFraction=0`: every frame), else the server's default. */
  minFraction?: number;
};

export function ProfileViewer({ profileId, sampleTypes, initialSampleType, initialQuery, minFraction }: Props) {
  const [sampleType, setSampleType] = useState(initialSampleType);
  const [viewQuery, setViewQuery] = useState(initialQuery);
  const [tab, setTab] = useState<ViewTab>("flame");
  const [rootAtTop, setRootAtTop] = useState(true);
  const [leftHeavy, setLeftHeavy] = useState(false);
  const [searchText, setSearchText] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [tableFilter, setTableFilter] = useState("");
  const [resetToken, setResetToken] = useState(0);
  const [zoomPath, setZoomPath] = useState<string[] | null>(null);
  const zoomed = zoomPath !== null;
  // A frame whose every descendant is shown: the whole graph folds frames under 0.05% of the total.
  const [focus, setFocus] = useState<string[] | null>(null);
  /** Shows every frame under `path` (null: the whole profile); the new tree is drawn unzoomed. */
  const focusOn = (path: string[] | null) => {
    setFocus(path);
    setZoomPath(null);
  };
  const [searchResult, setSearchResult] = useState<FlameSearchResult | null>(null);
  const debouncedSearch = useDebounced(searchText.trim(), 150);

  const urls = viewUrls(profileId, sampleType, viewQuery, minFraction);
  const queryKey = viewQueryString(viewQuery);
  const flame = useQuery({
    queryKey: ["flamegraph", profileId, sampleType, focus, queryKey, minFraction],
    queryFn: ({ signal }) => fetchFlame(focus ? focusedFlameUrl(profileId, sampleType, focus, viewQuery, minFraction) : urls.flame, signal),
    staleTime: Infinity,
  });
  // The graph first: the table (thousands of rows to sort) renders once the graph of its sample
  // type is drawn, keeping the previous table meanwhile. Its JSON is fetched (the page preloads
  // it with the HTML) and parsed only then too, off the way to the first draw.
  const [graphReadyFor, setGraphReadyFor] = useState<string | null>(null);
  const data = flame.data?.facts;
  const graphSettled = flame.isError || (data !== undefined && (data.total === 0 || graphReadyFor === data.sampleType));
  const top = useQuery({
    queryKey: ["top", profileId, sampleType, queryKey],
    queryFn: ({ signal }) => fetchJson<TopData>(urls.top, signal),
    staleTime: Infinity,
    enabled: graphSettled,
  });

  const search: FlameSearch = useMemo(() => {
    if (selected) return { term: selected, exact: true };
    return debouncedSearch ? { term: debouncedSearch, exact: false } : null;
  }, [selected, debouncedSearch]);

  const changeSampleType = (next: string) => {
    setSampleType(next);
    setSelected(null);
    focusOn(null);
    const url = new URL(window.location.href);
    url.searchParams.set("sampleType", next);
    window.history.replaceState(null, "", url);
  };

  /** New filters for every view: in the URL, the zoom, focus and selection dropped. */
  const applyQuery = (next: ViewQuery) => {
    setViewQuery(next);
    writeViewQuery(next);
    setSelected(null);
    focusOn(null);
  };
  const addTagFocus = (tagfocus: string) => {
    applyQuery({ ...viewQuery, filters: { ...viewQuery.filters, tagfocus } });
    setTab("flame");
  };

  const unit = data?.unit ?? "";
  const total = data?.total ?? 0;
  const tooltip = useCallback(
    (frame: FlameFrame, self: number | undefined) => [
      frame.name,
      `${formatValue(frame.value, unit)} · ${percent(frame.value, total)} of ${data?.sampleType ?? "total"}`,
      ...(self !== undefined ? [`self ${formatValue(self, unit)}`] : []),
    ],
    [unit, total, data?.sampleType],
  );
  const color = useCallback((frame: FlameFrame) => packageColor(frame.name), []);

  const selectedRow = selected ? top.data?.rows.find((r) => r.name === selected) : undefined;

  const shownTop = useRef<TopData | undefined>(undefined);
  if (graphSettled && top.data && top.data.sampleType === data?.sampleType) shownTop.current = top.data;
  if (flame.isError && top.data) shownTop.current = top.data;
  const tableData = shownTop.current;

  return (
    <div className="space-y-4">
      <FilterBar query={viewQuery} onApply={applyQuery} error={flame.isError ? flame.error.message : null} unmatched={data?.unmatched} />
      <div role="tablist" aria-label="Views" className="flex gap-1 border-b border-slate-200">
        {(
          [
            ["flame", "Flame graph"],
            ["graph", "Graph"],
            ["sandwich", "Sandwich"],
            ["labels", "Labels"],
          ] as const
        ).map(([id, label]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={tab === id}
            onClick={() => setTab(id)}
            className="-mb-px rounded-t-md border border-transparent px-3 py-1.5 text-sm aria-selected:border-slate-200 aria-selected:border-b-white aria-selected:bg-white aria-selected:font-medium"
          >
            {label}
          </button>
        ))}
      </div>
      {tab === "sandwich" ? (
        <SandwichPanel
          profileId={profileId}
          sampleType={sampleType}
          query={viewQuery}
          names={tableData?.rows.map((r) => r.name) ?? []}
          name={selected}
          onPick={setSelected}
        />
      ) : null}
      {tab === "labels" ? <LabelsPanel url={urls.tags} onTagFocus={addTagFocus} /> : null}
      {tab === "graph" ? <CallGraphView url={urls.graph} onFocusNode={(name) => applyQuery({ ...viewQuery, filters: { ...viewQuery.filters, focus: exactRegexp(name) } })} /> : null}
      {tab === "flame" ? (
        <>
          <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
            <label className="text-sm">
              <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Sample type</span>
              <select
                value={sampleType}
                onChange={(e) => changeSampleType(e.target.value)}
                className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
              >
                {sampleTypes.map((t) => (
                  <option key={`${t.type}/${t.unit}`} value={t.type}>
                    {t.type} ({t.unit})
                  </option>
                ))}
              </select>
            </label>
            <label className="min-w-64 flex-1 text-sm">
              <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Search functions</span>
              <span className="relative block">
                <Search className="pointer-events-none absolute left-2 top-2 h-4 w-4 text-slate-400" aria-hidden />
                <input
                  type="search"
                  value={searchText}
                  onChange={(e) => {
                    setSearchText(e.target.value);
                    setSelected(null);
                  }}
                  placeholder="name or part of it, e.g. runtime.mallocgc or sha256"
                  className="w-full rounded-md border border-slate-300 py-1.5 pl-8 pr-2 text-sm"
                />
              </span>
            </label>
            <button
              type="button"
              onClick={() => setRootAtTop((v) => !v)}
              aria-pressed={!rootAtTop}
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
              title="Icicle (root at the top) or flame (root at the bottom)"
            >
              {rootAtTop ? <ArrowDownToLine className="h-4 w-4" aria-hidden /> : <ArrowUpToLine className="h-4 w-4" aria-hidden />}
              {rootAtTop ? "Root at bottom" : "Root at top"}
            </button>
            <button
              type="button"
              onClick={() => setLeftHeavy((v) => !v)}
              aria-pressed={leftHeavy}
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 aria-pressed:border-blue-300 aria-pressed:bg-blue-50"
              title="Each frame's callees heaviest first (identical stacks grouped)"
            >
              Left-heavy
            </button>
            <button
              type="button"
              onClick={() => setResetToken((n) => n + 1)}
              disabled={!zoomed}
              className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
            >
              <RotateCcw className="h-4 w-4" aria-hidden /> Reset zoom
            </button>
            {zoomPath && data && data.folded.frames > 0 ? (
              <button
                type="button"
                onClick={() => focusOn(zoomPath)}
                className="inline-flex items-center gap-1.5 rounded-md border border-blue-300 bg-blue-50 px-3 py-1.5 text-sm text-blue-800 hover:bg-blue-100"
                title={`Load the stacks through ${zoomPath.at(-1)} with every frame under it, pruned at ${(data.minFraction * 100).toFixed(2)}% of its value`}
              >
                <Layers className="h-4 w-4" aria-hidden /> Every frame under this one
              </button>
            ) : null}
          </div>

          {focus ? (
            <div className="flex flex-wrap items-center gap-2 rounded-md border border-blue-200 bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="flame-focus">
              <span>
                Every frame under <span className="break-all font-mono">{focus.at(-1)}</span>
                {data?.focus ? <> ({percent(data.value, data.total)} of the total)</> : null}, pruned at {((data?.minFraction ?? 0) * 100).toFixed(2)}% of
                its value.
              </span>
              <button
                type="button"
                onClick={() => focusOn(null)}
                className="ml-auto rounded-md border border-blue-300 bg-white px-2.5 py-1 text-sm hover:bg-blue-100"
              >
                Whole profile
              </button>
            </div>
      ) : null}

      <p className="min-h-5 text-sm text-slate-700" aria-live="polite" data-testid="search-status">
        {selectedRow && data ? (
          <>
            <span className="font-mono">{selectedRow.name}</span>: cum {formatValue(selectedRow.cum, unit)} ({percent(selectedRow.cum, top.data!.total)}), flat{" "}
            {formatValue(selectedRow.flat, unit)} ({percent(selectedRow.flat, top.data!.total)}), highlighted in the graph.{" "}
            <button type="button" className="text-blue-700 hover:underline" onClick={() => setSelected(null)}>
              Clear
            </button>
          </>
        ) : search && searchResult ? (
          searchResult.frames === 0 ? (
            <>No frame matches “{search.term}”.</>
          ) : (
            <>
              {searchResult.frames.toLocaleString("en-US")} frame{searchResult.frames === 1 ? "" : "s"} match “{search.term}”:{" "}
              <strong>
                {formatValue(searchResult.value, unit)}, {percent(searchResult.value, searchResult.total)}
              </strong>{" "}
              of the {zoomed ? "zoomed frame" : "total"}.
            </>
          )
        ) : data ? (
          <>
            Click a frame to zoom in. Colours: one per Go package.
            {data.folded.frames > 0 ? (
              <span className="text-slate-500">
                {" "}
                {data.folded.frames.toLocaleString("en-US")} frames under {(data.minFraction * 100).toFixed(2)}% of the{" "}
                {focus ? "focused frame" : "total"} ({percent(data.folded.value, focus ? data.value : data.total)} of it) are folded into their callers
                {focus ? "." : ": zoom into a frame to show every frame under it."}
              </span>
            ) : null}
          </>
        ) : null}
      </p>

      {flame.isError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not load the flame graph: {flame.error.message}
        </p>
      ) : !data || !flame.data ? (
        <div className="flex h-72 items-center justify-center rounded-lg border border-slate-200 bg-white text-sm text-slate-500" data-testid="flame-loading">
          Loading flame graph…
        </div>
      ) : data.total === 0 ? (
        <EmptyState title={`No ${data.sampleType} in this profile`}>
          Every sample has a zero {data.sampleType} value, so there is nothing to draw. Try another sample type.
        </EmptyState>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm">
          <FlameGraph
            {...("tree" in flame.data ? { tree: flame.data.tree } : { frames: flame.data.frames })}
            label={`Flame graph of ${data.sampleType}, total ${formatValue(data.total, unit)}`}
            rootAtTop={rootAtTop}
            leftHeavy={leftHeavy}
            search={search}
            resetToken={resetToken}
            color={color}
            tooltip={tooltip}
            onSearchResult={setSearchResult}
            // At low priority: a zoom's own drawing comes first, the buttons it enables after.
            onZoomChange={(path) => startTransition(() => setZoomPath(path))}
            onReady={() =>
              // After the frame that paints the graph (d3 applies its attributes in the first one),
              // and at low priority: the table must not hold up the graph.
              requestAnimationFrame(() =>
                requestAnimationFrame(() => setTimeout(() => startTransition(() => setGraphReadyFor(data.sampleType)), 0)),
              )
            }
          />
        </div>
      )}

      {selected ? (
        <PeekPanel profileId={profileId} sampleType={sampleType} query={viewQuery} name={selected} onSelect={setSelected} onClose={() => setSelected(null)} />
      ) : null}

      <FunctionTableSection
        id="top-heading"
        title="Top functions"
        description={
          <>
            As <span className="font-mono">go tool pprof -top</span>: flat counts the function&apos;s own samples, cum adds its callees&apos;. Click a
            row to highlight the function in the graph and see its callers and callees.
          </>
        }
        filter={tableFilter}
        onFilterChange={setTableFilter}
      >
        {top.isError ? (
          <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            Could not load the top table: {top.error.message}
          </p>
        ) : tableData ? (
          <TopTable data={tableData} filter={tableFilter} selected={selected} onSelect={(name) => setSelected((cur) => (cur === name ? null : name))} />
        ) : (
          <p className="text-sm text-slate-500">Loading…</p>
        )}
      </FunctionTableSection>
      </>
      ) : null}
    </div>
  );
}
