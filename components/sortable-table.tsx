"use client";

import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useState } from "react";
import { isRightAligned, SortableHeaderCell } from "./sortable-header-cell";

type Props<T> = {
  data: T[];
  columns: ColumnDef<T, any>[];
  initialSorting?: SortingState;
  label: string;
  rowTestId?: (row: T) => string;
};

/** A sortable table: click or press Enter on a header to sort; sort state is announced via aria-sort. */
export function SortableTable<T>({ data, columns, initialSorting = [], label, rowTestId }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting },
    onSortingChange: setSorting,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
  });
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="w-full text-left text-sm" aria-label={label}>
        <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <SortableHeaderCell key={header.id} header={header} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id} className="hover:bg-slate-50" data-testid={rowTestId?.(row.original)}>
              {row.getVisibleCells().map((cell) => {
                const align = isRightAligned(cell.column.columnDef);
                return (
                  <td key={cell.id} className={`px-3 py-2 align-top ${align ? "num text-right" : ""}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
