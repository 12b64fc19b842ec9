"use client";

import { createColumnHelper, type ColumnDef } from "@tanstack/react-table";
import type { HotEdgeChange } from "@/lib/merges/compare";
import { formatCount } from "@/lib/format";
import { SortableTable } from "../sortable-table";
import { pct } from "./merge-format";

const col = createColumnHelper<HotEdgeChange>();
const site = [
  col.accessor("caller", { header: "Caller", cell: (c) => <span className="break-all font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("offset", { header: "Line", meta: { align: "right" }, cell: (c) => `+${c.getValue()}` }),
  col.accessor("callee", { header: "Callee", cell: (c) => <span className="break-all font-mono text-xs">{c.getValue()}</span> }),
];
const signed = (x: number, digits = 2) => `${x > 0 ? "+" : x < 0 ? "−" : "±"}${(Math.abs(x) * 100).toFixed(digits)} pp`;

const COLUMNS: Record<"appeared" | "disappeared" | "moved", ColumnDef<HotEdgeChange, any>[]> = {
  appeared: [
    col.accessor("targetRank", { header: "Rank", meta: { align: "right" } }),
    ...site,
    col.accessor("targetWeight", { header: "Weight", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor("targetShare", { header: "Share", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 2) }),
  ],
  disappeared: [
    col.accessor("baseRank", { header: "Was rank", meta: { align: "right" } }),
    ...site,
    col.accessor("baseWeight", { header: "Weight", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor("baseShare", { header: "Was share", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 2) }),
  ],
  moved: [
    col.accessor("baseRank", { header: "Rank before", meta: { align: "right" } }),
    col.accessor("targetRank", { header: "after", meta: { align: "right" } }),
    ...site,
    col.accessor("baseShare", { header: "Share before", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 2) }),
    col.accessor("targetShare", { header: "after", meta: { align: "right" }, cell: (c) => pct(c.getValue(), 2) }),
    col.accessor((r) => Math.abs(r.shareDelta), {
      id: "change",
      header: "Change",
      meta: { align: "right" },
      cell: (c) => <span className={c.row.original.shareDelta > 0 ? "text-red-700" : "text-blue-700"}>{signed(c.row.original.shareDelta)}</span>,
    }),
  ],
};

export function ChangeTable({ kind, rows, label }: { kind: keyof typeof COLUMNS; rows: HotEdgeChange[]; label: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">None.</p>;
  return <SortableTable data={rows} columns={COLUMNS[kind]} label={label} rowTestId={() => `${kind}-row`} />;
}
