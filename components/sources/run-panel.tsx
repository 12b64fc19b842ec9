"use client";

import { useQuery } from "@tanstack/react-query";
import type { RunDto } from "@/lib/sources/source-dto";
import { RunStatusBadge } from "./badges";
import { CountsLine } from "./counts-line";
import { RunItemsTable } from "./run-items-table";
import { runQuery } from "./source-api";

function elapsed(run: RunDto): string {
  const end = run.finishedAt ? new Date(run.finishedAt).getTime() : Date.now();
  return `${((end - new Date(run.startedAt).getTime()) / 1000).toFixed(1)} s`;
}

/** One run, followed live while it goes: counts, a progress bar and every item with its reason. */
export function RunPanel({ runId }: { runId: string }) {
  const { data: run, error, isPending } = useQuery(runQuery(runId));
  if (isPending) return <p className="text-sm text-slate-600">Loading the run…</p>;
  if (error) return <p role="alert" className="text-sm text-red-700">The run could not be read: {error.message}</p>;
  const finished = run.items.filter((i) => i.status !== "queued" && i.status !== "running").length;
  const share = run.items.length === 0 ? (run.status === "running" ? 0 : 100) : (100 * finished) / run.items.length;
  return (
    <section aria-label="Run" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <RunStatusBadge status={run.status} />
        <span className="text-slate-600">
          started {new Date(run.startedAt).toLocaleString()} by {run.startedBy} · {elapsed(run)}
        </span>
        <span className="font-medium">
          <CountsLine counts={run.counts} />
        </span>
      </div>
      <div className="h-2 overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-label="Items finished" aria-valuenow={Math.round(share)} aria-valuemin={0} aria-valuemax={100}>
        <div className={`h-full ${run.status === "failed" ? "bg-red-500" : "bg-blue-600"} transition-all`} style={{ width: `${share}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {finished} of {run.items.length} items finished
      </p>
      {run.error ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="run-error">
          {run.error}
        </p>
      ) : null}
      {run.items.length > 0 ? <RunItemsTable items={run.items} /> : run.status === "running" ? <p className="text-sm text-slate-600">Listing…</p> : null}
    </section>
  );
}
