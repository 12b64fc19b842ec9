"use client";

import { flexRender, type ColumnDef, type Header } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";

/** Columns say `meta: { align: "right" }` for numbers. */
export function isRightAligned<T>(def: ColumnDef<T, unknown>): boolean {
  return (def.meta as { align?: string } | undefined)?.align === "right";
}

/** A column header: a button that sorts (Enter or click), with its state announced via aria-sort. */
export function SortableHeaderCell<T>({ header }: { header: Header<T, unknown> }) {
  const sorted = header.column.getIsSorted();
  const right = isRightAligned(header.column.columnDef);
  const label = flexRender(header.column.columnDef.header, header.getContext());
  return (
    <th
      scope="col"
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
      className={`whitespace-nowrap px-3 py-2 font-medium ${right ? "text-right" : ""}`}
    >
      {header.column.getCanSort() ? (
        <button
          type="button"
          onClick={header.column.getToggleSortingHandler()}
          className={`inline-flex items-center gap-1 hover:text-slate-900 ${right ? "flex-row-reverse" : ""}`}
        >
          {label}
          {sorted === "asc" ? (
            <ArrowUp className="h-3 w-3" aria-hidden />
          ) : sorted === "desc" ? (
            <ArrowDown className="h-3 w-3" aria-hidden />
          ) : (
            <ArrowUpDown className="h-3 w-3 opacity-40" aria-hidden />
          )}
        </button>
      ) : (
        label
      )}
    </th>
  );
}
