"use client";

import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { AlertTriangle, CheckCircle2, ShieldCheck } from "lucide-react";
import type { PgoEdge } from "@/lib/pprof/pgo-edges";
import type { Contribution, HazardDto, HotEdgesSummary, ServiceCoverageDto } from "@/lib/merges/preview";
import { formatCount } from "@/lib/format";
import { SortableTable } from "../sortable-table";
import { inputColor, pct } from "./merge-format";

export function Section({ title, description, children, testId }: { title: string; description?: React.ReactNode; children: React.ReactNode; testId?: string }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label={title} data-testid={testId}>
      <h2 className="text-base font-semibold text-slate-900">{title}</h2>
      {description ? <p className="mt-0.5 text-sm text-slate-600">{description}</p> : null}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** What Go's compiler or production would otherwise tell you later. */
export function WarningsPanel({ warnings }: { warnings: string[] }) {
  if (warnings.length === 0) {
    return (
      <p className="flex items-center gap-2 rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-900" data-testid="merge-warnings">
        <CheckCircle2 className="h-4 w-4 shrink-0" aria-hidden /> No warnings: go build -pgo will accept this file.
      </p>
    );
  }
  return (
    <section className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950" aria-label="Warnings" data-testid="merge-warnings">
      <h2 className="flex items-center gap-2 font-semibold">
        <AlertTriangle className="h-4 w-4 shrink-0" aria-hidden /> {warnings.length === 1 ? "1 warning" : `${warnings.length} warnings`}
      </h2>
      <ul className="mt-2 list-disc space-y-1.5 pl-6">
        {warnings.map((w) => (
          <li key={w} data-testid="merge-warning">
            {w}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function GuardedHazards({ hazards }: { hazards: HazardDto[] }) {
  const guarded = hazards.filter((h) => h.guarded);
  if (guarded.length === 0) return null;
  return (
    <p className="flex items-start gap-2 rounded-lg border border-sky-200 bg-sky-50 px-4 py-3 text-sm text-sky-950">
      <ShieldCheck className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <span>
        Guarded against known PGO inlining hazards:{" "}
        {guarded.map((h, i) => (
          <span key={h.functionName}>
            {i > 0 ? ", " : ""}
            <code className="font-mono">{h.functionName}</code> ({h.issue})
          </span>
        ))}{" "}
        {guarded.length === 1 ? "is" : "are"} renamed to <code className="font-mono">DO NOT INLINE: …</code> so the compiler never inlines{" "}
        {guarded.length === 1 ? "it" : "them"}, as datadog-pgo does.
      </span>
    </p>
  );
}

export function Stat({ label, value, hint, testId }: { label: string; value: React.ReactNode; hint?: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={testId}>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className="num mt-0.5 text-lg font-semibold text-slate-900">{value}</div>
      {hint ? <div className="text-xs text-slate-500">{hint}</div> : null}
    </div>
  );
}

export function HotEdgeStats({ hot }: { hot: HotEdgesSummary }) {
  return (
    <div className="grid grid-cols-2 gap-3 xl:grid-cols-4">
      <Stat label="Sample value Go reads" value={hot.sampleType || "none"} hint={hot.sampleType ? "from the merged file" : "not a CPU profile"} />
      <Stat label="Hot call sites" value={formatCount(hot.count)} hint={`of ${formatCount(hot.edgeCount)} call edges`} testId="hot-count" />
      <Stat label="Total edge weight" value={formatCount(hot.totalWeight)} hint={`hot sites cover ${hot.cdfPercent}% of it`} />
      <Stat
        label="Threshold weight"
        value={formatCount(hot.thresholdWeight)}
        hint={hot.thresholdWeight > 0 ? `${hot.thresholdPercent.toFixed(3)}% of the total: lighter sites stay cold` : "every edge is hot"}
      />
    </div>
  );
}

/** Each input's share of the merged total, as one stacked bar and a legend. */
export function ContributionsBar({ contributions, unit, label }: { contributions: (Contribution & { label?: string })[]; unit: string; label: string }) {
  return (
    <div>
      <div className="flex h-5 w-full overflow-hidden rounded-full bg-slate-100" role="img" aria-label={`Share of the merged ${unit} per input`}>
        {contributions.map((c, k) =>
          c.share > 0 ? <div key={c.profileId} style={{ width: `${c.share * 100}%`, background: inputColor(k) }} title={`${c.service}: ${pct(c.share)}`} /> : null,
        )}
      </div>
      <ul className="mt-3 grid gap-1.5 text-sm" aria-label={label}>
        {contributions.map((c, k) => (
          <li key={c.profileId} className="flex items-center gap-2" data-testid="contribution">
            <span className="h-3 w-3 shrink-0 rounded-sm" style={{ background: inputColor(k) }} aria-hidden />
            <span className="truncate font-medium">{c.label ?? c.service}</span>
            <span className="num ml-auto text-slate-700">{pct(c.share)}</span>
            {c.weight !== 1 ? <span className="num text-xs text-slate-500">×{Number(c.weight.toPrecision(4))}</span> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

function coverageTone(share: number | null): string {
  if (share === null) return "bg-slate-300";
  if (share >= 0.9) return "bg-emerald-500";
  if (share >= 0.5) return "bg-amber-500";
  return "bg-red-500";
}

/** Per service: the share of its own hot call-site weight still hot in the merge. */
export function CoverageBars({ coverage }: { coverage: ServiceCoverageDto[] }) {
  if (coverage.length === 0) return <p className="text-sm text-slate-600">No hot call sites: nothing to cover.</p>;
  return (
    <ul className="space-y-3">
      {coverage.map((c) => (
        <li key={c.service} data-testid="coverage-row" data-service={c.service}>
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="font-medium">{c.service}</span>
            <span className="num text-slate-700" data-testid="coverage-share">
              {c.hotShare === null ? "no hot call sites" : pct(c.hotShare)}
            </span>
          </div>
          <div
            className="mt-1 h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
            role="meter"
            aria-label={`${c.service}: share of its own hot call-site weight that stays hot`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={c.hotShare === null ? 0 : Math.round(c.hotShare * 1000) / 10}
          >
            <div className={`h-full ${coverageTone(c.hotShare)}`} style={{ width: `${(c.hotShare ?? 0) * 100}%` }} />
          </div>
          <p className="mt-1 text-xs text-slate-500">
            {formatCount(c.coveredEdges)} of its {formatCount(c.hotEdges)} own hot call sites stay hot
          </p>
          {c.missing.length > 0 ? (
            <details className="mt-1 text-xs">
              <summary className="cursor-pointer text-blue-700 hover:underline">Heaviest of its hot call sites the merge leaves cold</summary>
              <ul className="mt-1 space-y-0.5 font-mono text-slate-700">
                {c.missing.map((e) => (
                  <li key={`${e.caller}|${e.offset}|${e.callee}`} className="break-all">
                    {e.caller} +{e.offset} → {e.callee} <span className="text-slate-500">({formatCount(e.weight)})</span>
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

type EdgeRow = PgoEdge & { rank: number; share: number; cumulative: number };
const col = createColumnHelper<EdgeRow>();
const edgeColumns = [
  col.accessor("rank", { header: "#", meta: { align: "right" } }),
  col.accessor("caller", { header: "Caller", cell: (c) => <span className="break-all font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("offset", {
    header: "Line",
    meta: { align: "right" },
    cell: (c) => <span title="Call line minus the caller's Function.start_line">+{c.getValue()}</span>,
  }),
  col.accessor("callee", { header: "Callee", cell: (c) => <span className="break-all font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("weight", { header: "Weight", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
  col.accessor("share", { header: "Share", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 2) }),
  col.accessor("cumulative", { header: "Cumulative", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 1) }),
];

/** Rows shown before "Show all". */
const FIRST_ROWS = 25;

/** The hot call sites as Go's compiler selects them, heaviest first (sortable). */
export function HotEdgesTable({ hot }: { hot: HotEdgesSummary }) {
  const [all, setAll] = useState(false);
  let cum = 0;
  const rows: EdgeRow[] = hot.edges.map((e, i) => {
    cum += e.weight;
    return { ...e, rank: i + 1, share: hot.totalWeight ? e.weight / hot.totalWeight : 0, cumulative: hot.totalWeight ? cum / hot.totalWeight : 0 };
  });
  if (rows.length === 0) return <p className="text-sm text-slate-600">{hot.error ? `None: ${hot.error}` : "None: the merged profile has no call edges."}</p>;
  const shown = all ? rows : rows.slice(0, FIRST_ROWS);
  return (
    <div className="space-y-2">
      <SortableTable data={shown} columns={edgeColumns} label="Hot call sites" rowTestId={() => "hot-edge-row"} />
      <div className="flex flex-wrap items-center gap-3 text-xs text-slate-500">
        {rows.length > FIRST_ROWS ? (
          <button type="button" onClick={() => setAll((v) => !v)} className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-slate-700 hover:bg-slate-50" aria-expanded={all}>
            {all ? `Show the first ${FIRST_ROWS}` : `Show all ${formatCount(rows.length)}`}
          </button>
        ) : null}
        <span>
          {hot.count > rows.length
            ? `The ${formatCount(rows.length)} heaviest of ${formatCount(hot.count)} hot call sites are here; the API lists them all.`
            : `${formatCount(hot.count)} hot call site${hot.count === 1 ? "" : "s"}.`}
        </span>
      </div>
    </div>
  );
}
