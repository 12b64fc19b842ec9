"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Download, Trash2 } from "lucide-react";
import type { RunDto } from "@/lib/sources/source-dto";
import { ConfirmDialog } from "../confirm-dialog";
import { primaryButton } from "../form-bits";
import { RunStatusBadge } from "./badges";
import { CountsLine } from "./counts-line";
import { RunPanel } from "./run-panel";
import { removeSource, startCollect } from "./source-api";

type RunSummary = Omit<RunDto, "items">;

/** Collect now, the selected run followed live, and the source's earlier runs. */
export function SourceDetail({ sourceId, runs, canOperate }: { sourceId: string; runs: RunSummary[]; canOperate: boolean }) {
  const router = useRouter();
  const [runId, setRunId] = useState<string | null>(runs[0]?.id ?? null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const collect = async () => {
    setMessage(null);
    try {
      const { run, joined } = await startCollect(sourceId);
      setRunId(run.id);
      setMessage({ ok: true, text: joined ? "A run was already going: following it." : "Collecting…" });
      router.refresh();
    } catch (err) {
      setMessage({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };
  return (
    <div className="space-y-6">
      {canOperate ? (
        <div className="flex flex-wrap items-center gap-4">
          <button type="button" onClick={collect} className={primaryButton}>
            <Download className="h-4 w-4" aria-hidden /> Collect now
          </button>
          <button type="button" onClick={() => setConfirming(true)} className="inline-flex items-center gap-1 text-sm text-red-700 hover:underline">
            <Trash2 className="h-4 w-4" aria-hidden /> Delete source
          </button>
          {message ? (
            <p role={message.ok ? "status" : "alert"} className={`text-sm ${message.ok ? "text-emerald-700" : "text-red-700"}`}>
              {message.text}
            </p>
          ) : null}
        </div>
      ) : null}
      {runId ? <RunPanel key={runId} runId={runId} /> : <p className="text-sm text-slate-600">No run yet{canOperate ? ": press Collect now." : "."}</p>}
      {runs.length > 1 ? (
        <section className="space-y-2" aria-labelledby="runs-heading">
          <h2 id="runs-heading" className="text-lg font-semibold">
            Runs
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm">
            {runs.map((r) => (
              <li key={r.id}>
                <button type="button" onClick={() => setRunId(r.id)} className={`flex w-full flex-wrap items-center gap-3 px-3 py-2 text-left hover:bg-slate-50 ${r.id === runId ? "bg-blue-50" : ""}`}>
                  <RunStatusBadge status={r.status} />
                  <span className="text-slate-600">{new Date(r.startedAt).toLocaleString()}</span>
                  <CountsLine counts={r.counts} />
                </button>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <ConfirmDialog
        open={confirming}
        title="Delete this source?"
        confirmLabel="Delete source"
        onCancel={() => setConfirming(false)}
        onConfirm={async () => {
          await removeSource(sourceId);
          router.push("/sources");
          router.refresh();
        }}
      >
        Its runs are forgotten; the profiles it collected stay.
      </ConfirmDialog>
    </div>
  );
}
