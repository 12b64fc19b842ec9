"use client";

import { Loader2 } from "lucide-react";
import type { MergePreview } from "@/lib/merges/preview";
import { formatTimestamp } from "@/lib/format";
import type { BuilderState } from "./builder-state";
import { MergeFlame } from "./merge-flame";
import { ContributionsBar, CoverageBars, GuardedHazards, HotEdgesTable, HotEdgeStats, Section, WarningsPanel } from "./merge-panels";

/** Why a preview failed, with a hint when the profiles cannot be merged at all. */
export function PreviewError({ message }: { message: string }) {
  return (
    <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="merge-preview-error">
      {message}
      {message.includes("cannot be merged") ? (
        <span className="mt-1 block text-red-700">
          Profiles merge only when they share a sample type and period type: merge CPU profiles with CPU profiles, and leave heap or other profiles out.
        </span>
      ) : null}
    </p>
  );
}

export function PreviewLoading() {
  return (
    <div className="flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-600" aria-busy="true" data-testid="merge-preview-loading">
      <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> Computing the preview: reading each profile&apos;s call sites…
    </div>
  );
}

type Props = { preview: MergePreview; state: BuilderState; stale: boolean; flameEnabled: boolean; ci: { query: string; representative: boolean } | null };

/** What the merged file does to Go's compiler: warnings, hazards, hot call sites, shares, coverage and the merged flame graph. */
export function MergePreviewView({ preview, state, stale, flameEnabled, ci }: Props) {
  const contributions = preview.contributions.map((c) => ({ ...c, label: `${c.service} · ${formatTimestamp(state.byId.get(c.profileId)?.capturedAt ?? "")}` }));
  return (
    <div className={`space-y-4 transition-opacity ${stale ? "opacity-60" : ""}`} aria-busy={stale} data-testid="merge-preview">
      <WarningsPanel warnings={preview.warnings} />
      <GuardedHazards hazards={preview.hazards} />
      <HotEdgeStats hot={preview.hotEdges} />
      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Contributions" description={`Each input's share of the merged ${preview.contributionType.type} (${preview.contributionType.unit}).`}>
          <ContributionsBar contributions={contributions} unit={preview.contributionType.type} label="Contributions" />
        </Section>
        <Section title="Coverage per service" description="Share of each service's own hot call-site weight that stays hot in the merge.">
          <CoverageBars coverage={preview.coverage} />
        </Section>
      </div>
      <Section title="Merged flame graph" description="The merged profile as pprof will show it.">
        <MergeFlame url={`/api/merges/preview/flamegraph?${state.debouncedQuery}`} enabled={flameEnabled} label="Flame graph of the merged profile" />
      </Section>
      <Section
        title="Hot call sites"
        description={`As Go's compiler selects them: heaviest first, until ${preview.hotEdges.cdfPercent}% of the edge weight; they get an inlining budget of 2000 instead of 80.`}
      >
        <HotEdgesTable hot={preview.hotEdges} />
      </Section>
      {ci ? <CiCommand ci={ci} /> : null}
    </div>
  );
}

function CiCommand({ ci }: { ci: { query: string; representative: boolean } }) {
  const origin = typeof window === "undefined" ? "" : window.location.origin;
  return (
    <Section title="From CI" description={`The same merge of each service's ${ci.representative ? "representative run (median total CPU of the last 14)" : "latest profile"}, as one download:`}>
      <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
        {`curl -fsS -H "Authorization: Bearer $FLEETSCOPE_TOKEN" -o default.pgo \\\n  "${origin}/api/pgo?${ci.query}"`}
      </pre>
    </Section>
  );
}
