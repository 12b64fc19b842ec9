"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { ServiceSummary } from "@/lib/profiles/queries";
import { formatTimestamp } from "@/lib/format";
import { formatValue } from "@/lib/pprof/units";
import { SortableTable } from "./sortable-table";

const col = createColumnHelper<ServiceSummary>();

const columns = [
  col.accessor("name", {
    header: "Service",
    cell: (c) => (
      <Link href={`/services/${encodeURIComponent(c.getValue())}`} className="font-medium text-blue-700 hover:underline">
        {c.getValue()}
      </Link>
    ),
  }),
  col.accessor("profileCount", { header: "Profiles", meta: { align: "right" } }),
  col.accessor("pgoUsableCount", {
    header: "PGO-usable",
    meta: { align: "right" },
    cell: (c) => `${c.getValue()} of ${c.row.original.profileCount}`,
  }),
  col.accessor("latestAt", { header: "Latest capture", cell: (c) => formatTimestamp(c.getValue()) }),
  col.accessor("totalCpuNanos", {
    header: "Total CPU time",
    meta: { align: "right" },
    cell: (c) => (c.getValue() > 0 ? formatValue(c.getValue(), "nanoseconds") : "—"),
  }),
];

export function ServicesTable({ services }: { services: ServiceSummary[] }) {
  return (
    <SortableTable
      data={services}
      columns={columns}
      label="Services"
      initialSorting={[{ id: "name", desc: false }]}
      rowTestId={(s) => `service-row-${s.name}`}
    />
  );
}
