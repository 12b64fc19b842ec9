"use client";

import { useCallback, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper, type Row } from "@tanstack/react-table";
import { RotateCcw } from "lucide-react";
import type { SampleTypeDto } from "@/lib/profiles/profile-dto";
import { formatValue } from "@/lib/pprof/units";
import { fetchJson, percent } from "./fetch-json";
import { diffColor } from "./flame-colors";
import { FlameGraph, type FlameFrame, type FlameGraphNode, type FlameSearch } from "./flame-graph";
import { FunctionTableSection } from "./function-table-section";
import { VirtualTable } from "./virtual-table";
import { compareUrl } from "./view-urls";
import { FilterBar } from "./filter-bar";
import { viewQueryString, writeViewQuery, type ViewQuery } from "./view-query";

type Change = { name: string; baseFlat: number; baseCum: number; targetFlat: number; targetCum: number; deltaFlat: number; deltaCum: number };

type CompareData = {
  sampleType: string;
  unit: string;
  normalised: boolean;
  scale: number;
  base: { id: string; total: number };
  target: { id: string; total: number };
  minFraction: number;
  folded: { value: number; frames: number };
  tree: FlameGraphNode;
  changes: Change[];
  /** With pprof's filters: those that matched no sample on either side. */
  unmatched?: string[];
};

const col = createColumnHelper<Change>();

const byMagnitude = (a: Row<Change>, b: Row<Change>, id: string) => Math.abs(a.getValue<number>(id)) - Math.abs(b.getValue<number>(id));

function signed(value: number, unit: string): string {
  if (value === 0) return "0";
  return `${value > 0 ? "+" : "−"}${formatValue(Math.abs(value), unit)}`;
}

function Delta({ value, unit, total }: { value: number; unit: string; total: number }) {
  const tone = value > 0 ? "text-red-700" : value < 0 ? "text-blue-700" : "text-slate-500";
  return (
    <span className={tone}>
      {signed(value, unit)} <span className="text-xs opacity-80">({value > 0 ? "+" : value < 0 ? "−" : ""}{percent(Math.abs(value), total)})</span>
    </span>
  );
}

type Props = {
  baseId: string;
  targetId: string;
  sampleTypes: SampleTypeDto[];
  initialSampleType: string;
  /** pprof's filters and granularity from the page's URL, applied to both profiles. */
  initialQuery: ViewQuery;
};

export function CompareViewer({ baseId, targetId, sampleTypes, initialSampleType, initialQuery }: Props) {
  const [sampleType, setSampleType] = useState(initialSampleType);
  const [viewQuery, setViewQuery] = useState(initialQuery);
  const [filter, setFilter] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [rootAtTop, setRootAtTop] = useState(true);
  const [resetToken, setResetToken] = useState(0);
  const [zoomed, setZoomed] = useState(false);
  const query = useQuery({
    queryKey: ["compare", baseId, targetId, sampleType, viewQueryString(viewQuery)],
    queryFn: ({ signal }) => fetchJson<CompareData>(compareUrl(baseId, targetId, sampleType, viewQuery), signal),
    staleTime: Infinity,
  });
  const data = query.data;
  const unit = data?.unit ?? "";
  const scale = data?.scale ?? 1;
  const baseTotal = data?.base.total ?? 0;
  const targetTotal = data?.target.total ?? 0;

  const color = useCallback((n: FlameFrame) => diffColor(n.delta ?? 0, (n.base ?? 0) * scale, n.target ?? 0), [scale]);
  const tooltip = useCallback(
    (n: FlameFrame) => [
      n.name,
      `base ${formatValue(n.base ?? 0, unit)} (${percent(n.base ?? 0, baseTotal)})`,
      `target ${formatValue(n.target ?? 0, unit)} (${percent(n.target ?? 0, targetTotal)})`,
      `change ${signed(n.delta ?? 0, unit)}${data?.normalised ? " after normalising" : ""} (${(n.delta ?? 0) >= 0 ? "+" : "−"}${percent(Math.abs(n.delta ?? 0), targetTotal)} of the target)`,
    ],
    [unit, baseTotal, targetTotal, data?.normalised],
  );
  const search: FlameSearch = useMemo(() => (selected ? { term: selected, exact: true } : null), [selected]);

  const columns = useMemo(
    () => [
      col.accessor("deltaFlat", { header: "Δ flat", sortDescFirst: true, sortingFn: byMagnitude, meta: { align: "right", width: "10rem" }, cell: (c) => <Delta value={c.getValue()} unit={unit} total={targetTotal} /> }),
      col.accessor("baseFlat", { header: "base flat", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor("targetFlat", { header: "target flat", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor("deltaCum", { header: "Δ cum", sortDescFirst: true, sortingFn: byMagnitude, meta: { align: "right", width: "10rem" }, cell: (c) => <Delta value={c.getValue()} unit={unit} total={targetTotal} /> }),
      col.accessor("baseCum", { header: "base cum", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor("targetCum", { header: "target cum", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor("name", {
        header: "function",
        meta: { width: "auto" },
        cell: (c) => (
          <span className="font-mono text-xs" title={c.getValue()}>
            {c.getValue()}
          </span>
        ),
      }),
    ],
    [unit, targetTotal],
  );

  /** New filters for both sides: in the URL, the zoom and the selection dropped. */
  const applyQuery = (next: ViewQuery) => {
    setViewQuery(next);
    writeViewQuery(next);
    setSelected(null);
    setResetToken((n) => n + 1);
  };

  return (
    <div className="space-y-4">
      <FilterBar query={viewQuery} onApply={applyQuery} error={query.isError ? query.error.message : null} unmatched={data?.unmatched} />
      <div className="flex flex-wrap items-end gap-3 rounded-lg border border-slate-200 bg-white p-3 shadow-sm">
        <label className="text-sm">
          <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Sample type</span>
          <select
            value={sampleType}
            onChange={(e) => {
              setSampleType(e.target.value);
              setSelected(null);
              const url = new URL(window.location.href);
              url.searchParams.set("sampleType", e.target.value);
              window.history.replaceState(null, "", url);
            }}
            className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
          >
            {sampleTypes.map((t) => (
              <option key={`${t.type}/${t.unit}`} value={t.type}>
                {t.type} ({t.unit})
              </option>
            ))}
          </select>
        </label>
        <div className="flex items-center gap-3 text-sm text-slate-700" data-testid="diff-legend">
          <span className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-5 rounded-sm" style={{ background: "rgb(240,72,72)" }} /> grew
          </span>
          <span className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-5 rounded-sm" style={{ background: "rgb(82,140,246)" }} /> shrank
          </span>
          <span className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-5 rounded-sm" style={{ background: "rgb(224,224,224)" }} /> same share
          </span>
        </div>
        <div className="ml-auto flex gap-2">
          <button
            type="button"
            onClick={() => setRootAtTop((v) => !v)}
            aria-pressed={!rootAtTop}
            className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
          >
            {rootAtTop ? "Root at bottom" : "Root at top"}
          </button>
          <button
            type="button"
            onClick={() => setResetToken((n) => n + 1)}
            disabled={!zoomed}
            className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-40"
          >
            <RotateCcw className="h-4 w-4" aria-hidden /> Reset zoom
          </button>
        </div>
      </div>

      {data ? (
        <p className="text-sm text-slate-700" data-testid="compare-summary">
          Total {data.sampleType}: base {formatValue(baseTotal, unit)}, target {formatValue(targetTotal, unit)}.{" "}
          {data.normalised && scale !== 1 ? (
            <>
              Base figures are scaled ×{scale.toPrecision(3)} to the target&apos;s total, so a function that takes the same share of both shows no
              change.
            </>
          ) : null}{" "}
          Frame width is the mean of the two; colour is the change.
          {selected ? (
            <>
              {" "}
              <span className="font-mono">{selected}</span> is highlighted.{" "}
              <button type="button" className="text-blue-700 hover:underline" onClick={() => setSelected(null)}>
                Clear
              </button>
            </>
          ) : null}
        </p>
      ) : null}

      {query.isError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not compare the profiles: {query.error.message}
        </p>
      ) : !data ? (
        <div className="flex h-72 items-center justify-center rounded-lg border border-slate-200 bg-white text-sm text-slate-500">Comparing…</div>
      ) : data.tree.value === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
          Neither profile has any {data.sampleType}: there is nothing to compare. Try another sample type.
        </p>
      ) : (
        <div className="rounded-lg border border-slate-200 bg-white p-2 shadow-sm">
          <FlameGraph
            tree={data.tree}
            label={`Differential flame graph of ${data.sampleType}`}
            rootAtTop={rootAtTop}
            search={search}
            resetToken={resetToken}
            color={color}
            tooltip={tooltip}
            onZoomChange={(path) => setZoomed(path !== null)}
          />
        </div>
      )}

      <FunctionTableSection
        id="changes-heading"
        title="Largest changes"
        description="Every function of either profile, largest change of flat first. Click a row to highlight it in the graph."
        filter={filter}
        onFilterChange={setFilter}
      >
        {data ? (
          <VirtualTable
            data={data.changes}
            columns={columns}
            label="Largest changes"
            filter={filter}
            filterText={(c) => c.name}
            rowKey={(c) => c.name}
            selectedKey={selected}
            onRowClick={(c) => setSelected((cur) => (cur === c.name ? null : c.name))}
            initialSorting={[{ id: "deltaFlat", desc: true }]}
          />
        ) : null}
      </FunctionTableSection>
    </div>
  );
}
