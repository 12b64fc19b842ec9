"use client";

import Link from "next/link";
import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { GitCompare } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { formatCount, formatTimestamp } from "@/lib/format";
import { SortableTable } from "../sortable-table";
import { CommittedCell, DownloadCell, ServicesCell, SizeCell, WarningsCell } from "./merge-cells";
import { OptionBadges } from "./option-badges";

const col = createColumnHelper<MergeDto>();

/** The history's columns; `pick` ticks a merge for comparison. */
function mergeColumns(picked: string[], toggle: (id: string) => void) {
  return [
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
    col.accessor((m) => m.services.join(" "), { id: "services", header: "Services", cell: (c) => <ServicesCell merge={c.row.original} /> }),
    col.accessor((m) => m.inputs.length, { id: "inputs", header: "Profiles", meta: { align: "right" } }),
    col.accessor((m) => [m.options.weights, m.options.minimal, m.options.guardHazards].join(), { id: "options", header: "Options", cell: (c) => <OptionBadges merge={c.row.original} /> }),
    col.accessor("sizeBytes", { header: "Size", meta: { align: "right" }, cell: (c) => <SizeCell merge={c.row.original} /> }),
    col.accessor((m) => m.hotEdges.count, { id: "hot", header: "Hot call sites", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor((m) => m.warnings.length, { id: "warnings", header: "Warnings", meta: { align: "right" }, cell: (c) => <WarningsCell merge={c.row.original} /> }),
    col.display({ id: "committed", header: "In the repository", cell: (c) => <CommittedCell merge={c.row.original} /> }),
    col.display({ id: "download", header: () => <span className="sr-only">Download</span>, cell: (c) => <DownloadCell merge={c.row.original} /> }),
  ];
}

/** The compare link for two ticked merges, the older as the base. */
function compareHrefOf(picked: string[], merges: MergeDto[]): string | null {
  if (picked.length !== 2) return null;
  const [a, b] = picked.map((id) => merges.find((m) => m.id === id)!).sort((x, y) => x.createdAt.localeCompare(y.createdAt));
  return `/merges/compare?base=${encodeURIComponent(a.id)}&target=${encodeURIComponent(b.id)}`;
}

/** Merge history: sortable, each default.pgo downloadable, two ticked merges compare (older = base). */
export function MergesTable({ merges }: { merges: MergeDto[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) => setPicked((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id].slice(-2)));
  const compareHref = compareHrefOf(picked, merges);
  const columns = mergeColumns(picked, toggle);

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
