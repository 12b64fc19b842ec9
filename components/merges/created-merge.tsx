"use client";

import Link from "next/link";
import { useEffect, useState } from "react";
import { Download, ExternalLink } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { formatBytes, formatCount } from "@/lib/format";
import { primaryButton } from "../form-bits";
import { parseWeight, type BuilderState } from "./builder-state";

/** POST /api/merges of the builder's selection; what it stored, or why not. Forgotten when the selection changes. */
export function useCreateMerge(state: BuilderState) {
  const [created, setCreated] = useState<MergeDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const { query, options, selected, weights } = state;
  useEffect(() => {
    setCreated(null);
    setError(null);
  }, [query, options.dropLabels, options.minimal]);

  async function create() {
    setCreating(true);
    setError(null);
    try {
      const body = {
        profileIds: selected,
        ...(options.equalise ? { equalise: true } : { weights: Object.fromEntries(selected.map((id) => [id, parseWeight(weights[id]) ?? 1])) }),
        dropLabels: options.dropLabels,
        minimal: options.minimal,
        guardHazards: options.guardHazards,
      };
      const res = await fetch("/api/merges", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { merge?: MergeDto; error?: string };
      if (!res.ok || !json.merge) throw new Error(json.error ?? `the server answered HTTP ${res.status}`);
      setCreated(json.merge);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setCreating(false);
    }
  }
  return { created, error, creating, create };
}

/** The stored merge: its size (and the full merge's, when PGO-minimal), download and link. */
export function CreatedMerge({ merge }: { merge: MergeDto }) {
  return (
    <div role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-3 text-sm text-emerald-950" data-testid="merge-created">
      <p className="font-medium">Merge stored.</p>
      <p className="num mt-1">
        default.pgo: <strong data-testid="merge-size">{formatBytes(merge.sizeBytes)}</strong>
        {merge.fullSizeBytes !== null ? (
          <>
            {" "}
            (PGO-minimal; the full merge is <strong data-testid="merge-full-size">{formatBytes(merge.fullSizeBytes)}</strong>, same edge map)
          </>
        ) : null}{" "}
        · sha256 <code className="font-mono text-xs">{merge.sha256.slice(0, 16)}…</code> · {formatCount(merge.hotEdges.count)} hot call sites
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <a href={merge.downloadUrl} download="default.pgo" className={primaryButton}>
          <Download className="h-4 w-4" aria-hidden /> Download default.pgo
        </a>
        <Link href={`/merges/${merge.id}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50">
          <ExternalLink className="h-4 w-4" aria-hidden /> Open the merge
        </Link>
      </div>
    </div>
  );
}
