"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import { accountNamesOf } from "@/lib/audits-store/account-names";
import type { AuditDto } from "@/lib/audits-store/audit-dto";
import { formatCount, formatTimestamp } from "@/lib/format";
import { SortableTable } from "../sortable-table";
import { CalendarClock } from "lucide-react";
import { accountsLabel, formatMs } from "./audit-format";
import { auditPage, comparePage } from "./audit-urls";
import { AuditStatusBadge, DemoBadge } from "./badges";

/** An audit and the previous finished audit of the same regions and tags, if any (for "compare"). */
export type HistoryRow = AuditDto & { previousId: string | null };

const col = createColumnHelper<HistoryRow>();

const count = (value: number, row: HistoryRow) => (row.status === "done" || row.findingsAvailable ? formatCount(value) : "—");

const columns = [
  col.accessor("startedAt", {
    header: "Started",
    cell: (c) => (
      <Link href={auditPage(c.row.original.id)} className="whitespace-nowrap font-medium text-blue-700 hover:underline">
        {formatTimestamp(c.getValue())}
      </Link>
    ),
  }),
  col.accessor("status", {
    header: "Status",
    cell: (c) => (
      <span className="flex flex-wrap items-center gap-1">
        <AuditStatusBadge status={c.getValue()} />
        {c.row.original.demo ? <DemoBadge /> : null}
      </span>
    ),
  }),
  col.accessor((r) => accountsLabel(r.accountsRequested, accountNamesOf(r)), {
    id: "accounts",
    header: "Accounts",
    cell: (c) => <span className="line-clamp-2 max-w-40 text-xs" title={c.getValue()}>{c.getValue()}</span>,
  }),
  col.accessor((r) => (r.regionsRequested === "all" ? "all enabled" : r.regionsRequested.join(", ")), {
    id: "regions",
    header: "Regions",
    cell: (c) =>
      c.row.original.regionsRequested === "all" ? (
        <span className="whitespace-nowrap">all enabled</span>
      ) : (
        <span className="line-clamp-2 max-w-48 font-mono text-xs" title={c.getValue()}>
          {c.getValue()}
        </span>
      ),
  }),
  col.accessor((r) => r.requiredTags.join(", "), { id: "tags", header: "Required tags" }),
  col.accessor((r) => r.summary.instances, { id: "instances", header: "Instances", meta: { align: "right" }, cell: (c) => count(c.getValue(), c.row.original) }),
  col.accessor((r) => r.summary.untagged, { id: "untagged", header: "Untagged", meta: { align: "right" }, cell: (c) => count(c.getValue(), c.row.original) }),
  col.accessor((r) => r.summary.openIngress, { id: "open", header: "Open ingress", meta: { align: "right" }, cell: (c) => count(c.getValue(), c.row.original) }),
  col.accessor((r) => r.summary.failedRegions, {
    id: "failed",
    header: "Failed",
    meta: { align: "right" },
    cell: (c) => {
      const failedAccounts = c.row.original.summary.failedAccounts ?? 0;
      const text = failedAccounts > 0 ? `${c.getValue()} + ${failedAccounts} acct` : String(c.getValue());
      return c.getValue() + failedAccounts > 0 ? <span className="whitespace-nowrap font-medium text-red-700">{text}</span> : text;
    },
  }),
  col.accessor((r) => r.summary.durationMs, { id: "duration", header: "Duration", meta: { align: "right" }, cell: (c) => (c.row.original.finishedAt ? formatMs(c.getValue()) : "—") }),
  col.accessor("startedBy", {
    header: "By",
    cell: (c) =>
      c.row.original.scheduleId ? (
        <span className="inline-flex items-center gap-1" data-testid="scheduled-by">
          <CalendarClock className="h-3.5 w-3.5 text-slate-500" aria-hidden /> {c.getValue()}
        </span>
      ) : (
        c.getValue()
      ),
  }),
  col.display({
    id: "compare",
    header: () => <span className="sr-only">Compare</span>,
    cell: (c) =>
      c.row.original.previousId && c.row.original.findingsAvailable ? (
        <Link
          href={comparePage(c.row.original.previousId, c.row.original.id)}
          className="whitespace-nowrap text-blue-700 hover:underline"
          title="Compare with the previous scan of the same regions and tags"
        >
          Compare
        </Link>
      ) : null,
  }),
];

export function AuditHistoryTable({ audits }: { audits: HistoryRow[] }) {
  return <SortableTable data={audits} columns={columns} label="Audit history" initialSorting={[{ id: "startedAt", desc: true }]} rowTestId={(a) => `audit-row-${a.id}`} />;
}
