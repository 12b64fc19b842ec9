"use client";

import { Download, GitBranch } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { formatBytes, formatTimestamp } from "@/lib/format";
import { DamagedBadge } from "../pgo-badge";
import { useCommittedActions, useCommittedPgo } from "./use-committed";

/** "Committed" on the merge marked as the one in the repository; a button to mark any other. */
export function CommittedCell({ merge }: { merge: MergeDto }) {
  const current = useCommittedPgo().data?.committed;
  const { markMerge } = useCommittedActions();
  if (current?.mergeId === merge.id) {
    return (
      <span className="inline-flex items-center gap-1 whitespace-nowrap rounded bg-emerald-100 px-1.5 py-0.5 text-xs font-medium text-emerald-900">
        <GitBranch className="h-3.5 w-3.5" aria-hidden /> committed
      </span>
    );
  }
  const failed = markMerge.error && markMerge.variables === merge.id ? markMerge.error.message : null;
  return (
    <span>
      <button
        type="button"
        onClick={() => markMerge.mutate(merge.id)}
        disabled={markMerge.isPending}
        className="whitespace-nowrap rounded px-2 py-1 text-xs text-blue-700 hover:bg-blue-50 disabled:opacity-50"
        aria-label={`Mark the merge of ${formatTimestamp(merge.createdAt)} as the default.pgo in the repository`}
      >
        Mark as committed
      </button>
      {failed ? (
        <span role="alert" className="block text-xs text-red-700">
          {failed}
        </span>
      ) : null}
    </span>
  );
}

/** The services of a merge as small tags. */
export function ServicesCell({ merge }: { merge: MergeDto }) {
  return (
    <span className="flex flex-wrap gap-1">
      {merge.services.map((s) => (
        <span key={s} className="rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-900">
          {s}
        </span>
      ))}
    </span>
  );
}

/** The file's size, and the full merge's under it when the file is PGO-minimal. */
export function SizeCell({ merge }: { merge: MergeDto }) {
  const full = merge.fullSizeBytes;
  return (
    <span className="whitespace-nowrap" title={full !== null ? `full merge: ${formatBytes(full)}` : undefined}>
      {formatBytes(merge.sizeBytes)}
      {full !== null ? <span className="block text-xs text-slate-500">of {formatBytes(full)}</span> : null}
    </span>
  );
}

/** The number of warnings, each in the badge's title. */
export function WarningsCell({ merge }: { merge: MergeDto }) {
  if (merge.warnings.length === 0) return <span className="text-slate-400">0</span>;
  return (
    <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" title={merge.warnings.join("\n")}>
      {merge.warnings.length}
    </span>
  );
}

/** The download link, or the damaged badge when the stored file is gone. */
export function DownloadCell({ merge }: { merge: MergeDto }) {
  if (merge.damaged) return <DamagedBadge title="The merged default.pgo is gone from the profile store: merge the profiles again" />;
  return (
    <a
      href={merge.downloadUrl}
      download="default.pgo"
      className="inline-flex items-center gap-1 rounded px-2 py-1 text-blue-700 hover:bg-blue-50"
      aria-label={`Download the default.pgo of ${formatTimestamp(merge.createdAt)}`}
    >
      <Download className="h-4 w-4" aria-hidden /> <span className="text-xs">default.pgo</span>
    </a>
  );
}
