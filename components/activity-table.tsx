"use client";

import { createColumnHelper } from "@tanstack/react-table";
import type { ActivityEntry } from "@/lib/auth/activity";
import { formatTimestamp } from "@/lib/format";
import { SortableTable } from "./sortable-table";
import { EmptyState } from "./empty-state";

const col = createColumnHelper<ActivityEntry>();
const columns = [
  col.accessor("at", { header: "When", cell: (c) => <span className="whitespace-nowrap">{formatTimestamp(c.getValue())}</span> }),
  col.accessor("actor", { header: "Who" }),
  col.accessor("action", { header: "Action", cell: (c) => <code className="whitespace-nowrap text-xs">{c.getValue()}</code> }),
  col.accessor("target", { header: "Target" }),
  col.accessor("detail", { header: "Detail", enableSorting: false, cell: (c) => <span className="text-slate-600">{c.getValue()}</span> }),
];

export function ActivityTable({ entries }: { entries: ActivityEntry[] }) {
  if (entries.length === 0) return <EmptyState title="Nothing has happened yet" />;
  return <SortableTable data={entries} columns={columns} label="Activity" initialSorting={[{ id: "at", desc: true }]} rowTestId={(e) => `activity-${e.action}`} />;
}
