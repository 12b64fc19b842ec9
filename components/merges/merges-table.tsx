"use client";

import Link from "next/link";
import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { Download, GitBranch, GitCompare } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { formatBytes, formatCount, formatTimestamp } from "@/lib/format";
import { DamagedBadge } from "../pgo-badge";
import { SortableTable } from "../sortable-table";
import { useCommittedActions, useCommittedPgo } from "./use-committed";

const col = createColumnHelper<MergeDto>();

export function OptionBadges({ merge }: { merge: MergeDto }) {
  const o = merge.options;
  const badges = [
    o.weights === "equal" ? "equalised" : o.weights === "custom" ? "weighted" : null,
    o.minimal ? "PGO-minimal" : null,
    o.guardHazards ? "hazards guarded" : null,
    o.dropLabels ? null : "labels kept",
  ].filter((b): b is string => b !== null);
  if (badges.length === 0) return <span className="text-xs text-slate-400">defaults</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {badges.map((b) => (
        <span key={b} className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {b}
        </span>
      ))}
    </span>
  );
}

/** "Committed" on the merge marked as the one in the repository; a button to mark any other. */
function CommittedCell({ merge }: { merge: MergeDto }) {
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

/** Merge history: sortable, each default.pgo downloadable, two ticked merges compare (older = base). */
export function MergesTable({ merges }: { merges: MergeDto[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id].slice(-2)));
  const compareHref = (() => {
    if (picked.length !== 2) return null;
    const [a, b] = picked.map((id) => merges.find((m) => m.id === id)!).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    return `/merges/compare?base=${encodeURIComponent(a.id)}&target=${encodeURIComponent(b.id)}`;
  })();

  const columns = [
    col.display({
      id: "pick",
      header: () => <span className="sr-only">Compare</span>,
      cell: (c) => (
        <input
          type="checkbox"
          checked={picked.includes(c.row.original.id)}
          onChange={() => toggle(c.row.original.id)}
          aria-label={`Select the merge of ${formatTimestamp(c.row.original.createdAt)} to compare`}
          className="mt-0.5 h-4 w-4"
        />
      ),
    }),
    col.accessor("createdAt", {
      header: "Created",
      cell: (c) => (
        <Link href={`/merges/${c.row.original.id}`} className="num whitespace-nowrap text-blue-700 hover:underline">
          {formatTimestamp(c.getValue())}
        </Link>
      ),
    }),
    col.accessor("createdBy", { header: "By" }),
    col.accessor((m) => m.services.join(" "), {
      id: "services",
      header: "Services",
      cell: (c) => (
        <span className="flex flex-wrap gap-1">
          {c.row.original.services.map((s) => (
            <span key={s} className="rounded bg-blue-50 px-1.5 py-0.5 text-xs text-blue-900">
              {s}
            </span>
          ))}
        </span>
      ),
    }),
    col.accessor((m) => m.inputs.length, { id: "inputs", header: "Profiles", meta: { align: "right" } }),
    col.accessor((m) => [m.options.weights, m.options.minimal, m.options.guardHazards].join(), {
      id: "options",
      header: "Options",
      cell: (c) => <OptionBadges merge={c.row.original} />,
    }),
    col.accessor("sizeBytes", {
      header: "Size",
      meta: { align: "right" },
      cell: (c) => (
        <span className="whitespace-nowrap" title={c.row.original.fullSizeBytes !== null ? `full merge: ${formatBytes(c.row.original.fullSizeBytes)}` : undefined}>
          {formatBytes(c.getValue())}
          {c.row.original.fullSizeBytes !== null ? <span className="block text-xs text-slate-500">of {formatBytes(c.row.original.fullSizeBytes)}</span> : null}
        </span>
      ),
    }),
    col.accessor((m) => m.hotEdges.count, { id: "hot", header: "Hot call sites", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor((m) => m.warnings.length, {
      id: "warnings",
      header: "Warnings",
      meta: { align: "right" },
      cell: (c) =>
        c.getValue() > 0 ? (
          <span className="rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900" title={c.row.original.warnings.join("\n")}>
            {c.getValue()}
          </span>
        ) : (
          <span className="text-slate-400">0</span>
        ),
    }),
    col.display({ id: "committed", header: "In the repository", cell: (c) => <CommittedCell merge={c.row.original} /> }),
    col.display({
      id: "download",
      header: () => <span className="sr-only">Download</span>,
      cell: (c) =>
        c.row.original.damaged ? (
          <DamagedBadge title="The merged default.pgo is gone from the profile store: merge the profiles again" />
        ) : (
          <a
            href={c.row.original.downloadUrl}
            download="default.pgo"
            className="inline-flex items-center gap-1 rounded px-2 py-1 text-blue-700 hover:bg-blue-50"
            aria-label={`Download the default.pgo of ${formatTimestamp(c.row.original.createdAt)}`}
          >
            <Download className="h-4 w-4" aria-hidden /> <span className="text-xs">default.pgo</span>
          </a>
        ),
    }),
  ];

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {compareHref ? (
          <Link href={compareHref} className="inline-flex items-center gap-1.5 rounded-md bg-blue-600 px-3 py-1.5 font-medium text-white hover:bg-blue-700">
            <GitCompare className="h-4 w-4" aria-hidden /> Compare selected
          </Link>
        ) : (
          <span className="inline-flex items-center gap-1.5 rounded-md border border-slate-200 px-3 py-1.5 text-slate-400" aria-disabled="true">
            <GitCompare className="h-4 w-4" aria-hidden /> Compare selected
          </span>
        )}
        <span className="text-slate-500">Tick two merges to see which hot call sites change between them (the older is the base).</span>
      </div>
      <SortableTable data={merges} columns={columns} initialSorting={[{ id: "createdAt", desc: true }]} label="Merge history" rowTestId={(m) => `merge-row-${m.id}`} />
    </div>
  );
}
