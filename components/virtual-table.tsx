"use client";

import {
  flexRender,
  getCoreRowModel,
  getFilteredRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type SortingState,
} from "@tanstack/react-table";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useRef, useState, type ReactNode } from "react";
import { isRightAligned, SortableHeaderCell } from "./sortable-header-cell";

type Props<T> = {
  data: T[];
  columns: ColumnDef<T, any>[];
  label: string;
  /** Rows whose filterText contains this (case-insensitive) are shown. */
  filter: string;
  filterText: (row: T) => string;
  rowKey: (row: T) => string;
  selectedKey?: string | null;
  onRowClick?: (row: T) => void;
  initialSorting?: SortingState;
  /** Height of the scrolling body in px. */
  height?: number;
  /** Shown when no row is left (default: no function matches the filter). */
  emptyMessage?: ReactNode;
  /**
   * Instead of `filter`: the rows for which this returns true are shown. The data stays the same,
   * so clearing a filter on 100,000 rows does not rebuild the table's rows. Give a new function
   * (useMemo) only when the filters change.
   */
  predicate?: (row: T) => boolean;
};

const ROW_HEIGHT = 30;

/**
 * A sortable, filterable table that renders only the rows in view, for tables
 * of thousands of functions. Rows are buttons for keyboard users when onRowClick is set.
 */
export function VirtualTable<T>({ data, columns, label, filter, filterText, rowKey, selectedKey, onRowClick, initialSorting = [], height = 480, emptyMessage, predicate }: Props<T>) {
  const [sorting, setSorting] = useState<SortingState>(initialSorting);
  const table = useReactTable({
    data,
    columns,
    state: { sorting, globalFilter: predicate ?? filter },
    onSortingChange: setSorting,
    globalFilterFn: (row, _columnId, value: string | ((row: T) => boolean)) =>
      typeof value === "function" ? value(row.original) : filterText(row.original).toLowerCase().includes(value.toLowerCase()),
    // A predicate judges the whole row: ask it once per row, not once per column.
    ...(predicate ? { getColumnCanGlobalFilter: (column: { getIndex: () => number }) => column.getIndex() === 0 } : {}),
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: getSortedRowModel(),
    getFilteredRowModel: getFilteredRowModel(),
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    initialRect: { width: 800, height },
  });
  const items = virtualizer.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const columnCount = table.getVisibleLeafColumns().length;

  return (
    <div className="rounded-lg border border-slate-200 bg-white shadow-sm">
      {/* Focusable so keyboard users can scroll it (arrows, Page Up/Down) when rows are not buttons. */}
      <div ref={scroller} className="overflow-auto focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500" style={{ maxHeight: height }} tabIndex={onRowClick ? undefined : 0} role={onRowClick ? undefined : "region"} aria-label={onRowClick ? undefined : `${label} (scrollable)`}>
        <table className="w-full table-fixed text-left text-sm" aria-label={label} aria-rowcount={rows.length + 1}>
          <colgroup>
            {table.getVisibleLeafColumns().map((column) => (
              <col key={column.id} style={{ width: (column.columnDef.meta as { width?: string } | undefined)?.width }} />
            ))}
          </colgroup>
          <thead className="sticky top-0 z-10 border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                <SortableHeaderCell key={header.id} header={header} />
              ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {padTop > 0 ? (
              <tr aria-hidden style={{ height: padTop }}>
                <td colSpan={columnCount} />
              </tr>
            ) : null}
            {items.map((item) => {
              const row = rows[item.index];
              const key = rowKey(row.original);
              const selected = key === selectedKey;
              return (
                <tr
                  key={row.id}
                  data-testid="table-row"
                  aria-rowindex={item.index + 2}
                  aria-selected={onRowClick ? selected : undefined}
                  tabIndex={onRowClick ? 0 : undefined}
                  onClick={onRowClick ? () => onRowClick(row.original) : undefined}
                  onKeyDown={
                    onRowClick
                      ? (e) => {
                          if (e.key === "Enter" || e.key === " ") {
                            e.preventDefault();
                            onRowClick(row.original);
                          }
                        }
                      : undefined
                  }
                  style={{ height: ROW_HEIGHT }}
                  className={`border-b border-slate-100 ${onRowClick ? "cursor-pointer" : ""} ${
                    selected ? "bg-fuchsia-50 outline outline-1 -outline-offset-1 outline-fuchsia-400" : "hover:bg-slate-50"
                  }`}
                >
                  {row.getVisibleCells().map((cell) => {
                    const right = isRightAligned(cell.column.columnDef);
                    return (
                      <td key={cell.id} className={`truncate px-3 ${right ? "num text-right" : ""}`}>
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
            {padBottom > 0 ? (
              <tr aria-hidden style={{ height: padBottom }}>
                <td colSpan={columnCount} />
              </tr>
            ) : null}
          </tbody>
        </table>
        {rows.length === 0 ? <p className="px-3 py-6 text-center text-sm text-slate-500">{emptyMessage ?? <>No function matches “{filter}”.</>}</p> : null}
      </div>
    </div>
  );
}
