"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import type { ItemStatus, RunItem } from "@/lib/sources/source-dto";
import { VirtualTable } from "../virtual-table";
import { ITEM_LABEL, ItemStatusBadge } from "./badges";

const ORDER: ItemStatus[] = ["running", "queued", "failed", "rejected", "stored", "duplicate", "removed", "unchanged"];
const column = createColumnHelper<RunItem>();

const columns = [
  column.accessor("key", { header: "Object or URL", cell: (c) => <span className="whitespace-nowrap font-mono text-xs" title={c.getValue()}>{c.getValue()}</span> }),
  column.accessor((i) => ORDER.indexOf(i.status), { id: "status", header: "Status", cell: (c) => <ItemStatusBadge status={c.row.original.status} /> }),
  column.accessor((i) => i.error ?? "", {
    id: "detail",
    header: "Detail",
    cell: (c) => {
      const item = c.row.original;
      return (
        <span className="text-xs">
          {item.profileId ? (
            <Link href={`/profiles/${item.profileId}`} className="mr-2 text-blue-700 hover:underline">
              profile
            </Link>
          ) : null}
          <span className={item.status === "failed" || item.status === "rejected" ? "text-red-700" : "text-slate-600"} data-testid="item-error" title={item.error}>
            {item.error}
          </span>
        </span>
      );
    },
  }),
];

/** Every item of a run, sortable, filtered by status (the long S3 runs have thousands). */
export function RunItemsTable({ items }: { items: RunItem[] }) {
  const [shown, setShown] = useState<ItemStatus | "all">("all");
  const [filter, setFilter] = useState("");
  const present = useMemo(() => ORDER.filter((s) => items.some((i) => i.status === s)), [items]);
  const predicate = useMemo(() => {
    const needle = filter.toLowerCase();
    return (i: RunItem) => (shown === "all" || i.status === shown) && (needle === "" || i.key.toLowerCase().includes(needle));
  }, [shown, filter]);
  return (
    <div className="space-y-2">
      <div className="flex flex-wrap items-center gap-4">
      <label className="flex items-center gap-2 text-sm">
        Show
        <select value={shown} onChange={(e) => setShown(e.target.value as ItemStatus | "all")} className="rounded-md border border-slate-300 px-2 py-1 text-sm">
          <option value="all">all {items.length}</option>
          {present.map((s) => (
            <option key={s} value={s}>
              {ITEM_LABEL[s]} ({items.filter((i) => i.status === s).length})
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        Key contains
        <input value={filter} onChange={(e) => setFilter(e.target.value)} className="rounded-md border border-slate-300 px-2 py-1 text-sm" placeholder="users/" />
      </label>
      </div>
      <VirtualTable
        data={items}
        columns={columns}
        label="Run items"
        filter=""
        filterText={(i) => i.key}
        predicate={predicate}
        rowKey={(i) => i.key}
        initialSorting={[{ id: "status", desc: false }]}
        height={420}
        emptyMessage="No item matches."
      />
    </div>
  );
}
