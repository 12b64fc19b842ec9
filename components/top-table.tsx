"use client";

import { useMemo } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { formatValue } from "@/lib/pprof/units";
import { percent } from "./fetch-json";
import { VirtualTable } from "./virtual-table";

export type TopData = { sampleType: string; unit: string; total: number; rows: { name: string; flat: number; cum: number }[] };

type Row = { name: string; flat: number; cum: number; sum: number; rank: number };

const col = createColumnHelper<Row>();

/**
 * go tool pprof -top as a table: flat, flat%, sum%, cum, cum%, name. sum% is the running total
 * of flat in pprof's order (flat descending) and keeps that meaning when the table is re-sorted.
 */
export function TopTable({ data, filter, selected, onSelect }: { data: TopData; filter: string; selected: string | null; onSelect: (name: string) => void }) {
  const rows = useMemo(() => {
    let running = 0;
    return data.rows.map((r, rank) => {
      running += r.flat;
      return { ...r, sum: running, rank };
    });
  }, [data]);
  const { unit, total } = data;
  const columns = useMemo(
    () => [
      col.accessor("flat", { header: "flat", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor((r) => r.flat, { id: "flatPct", header: "flat%", sortDescFirst: true, meta: { align: "right", width: "5.5rem" }, cell: (c) => percent(c.getValue(), total) }),
      col.accessor("sum", { header: "sum%", sortDescFirst: true, meta: { align: "right", width: "5.5rem" }, cell: (c) => percent(c.getValue(), total) }),
      col.accessor("cum", { header: "cum", sortDescFirst: true, meta: { align: "right", width: "7rem" }, cell: (c) => formatValue(c.getValue(), unit) }),
      col.accessor((r) => r.cum, { id: "cumPct", header: "cum%", sortDescFirst: true, meta: { align: "right", width: "5.5rem" }, cell: (c) => percent(c.getValue(), total) }),
      col.accessor("name", {
        header: "function",
        meta: { width: "auto" },
        cell: (c) => (
          <span className="font-mono text-xs" title={c.getValue()}>
            {c.getValue()}
          </span>
        ),
      }),
    ],
    [unit, total],
  );
  return (
    <VirtualTable
      data={rows}
      columns={columns}
      label="Top functions"
      filter={filter}
      filterText={(r) => r.name}
      rowKey={(r) => r.name}
      selectedKey={selected}
      onRowClick={(r) => onSelect(r.name)}
      initialSorting={[{ id: "flat", desc: true }]}
    />
  );
}
