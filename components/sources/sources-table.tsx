"use client";

import Link from "next/link";
import { createColumnHelper } from "@tanstack/react-table";
import type { SourceDto } from "@/lib/sources/source-dto";
import { describeSource } from "@/lib/sources/describe-source";
import { SortableTable } from "../sortable-table";
import { RunStatusBadge } from "./badges";
import { CountsLine } from "./counts-line";

const KIND_LABEL = { s3: "S3 bucket", endpoint: "Admin endpoints", ecs: "ECS service" } as const;
const column = createColumnHelper<SourceDto>();

const columns = [
  column.accessor((s) => describeSource(s), {
    id: "source",
    header: "Source",
    cell: (c) => (
      <Link href={`/sources/${c.row.original.id}`} className="font-mono text-xs text-blue-700 hover:underline">
        {c.getValue()}
      </Link>
    ),
  }),
  column.accessor("kind", { header: "Kind", cell: (c) => KIND_LABEL[c.getValue()] }),
  column.accessor((s) => s.everyMinutes ?? Number.POSITIVE_INFINITY, {
    id: "schedule",
    header: "Schedule",
    cell: (c) => (c.row.original.everyMinutes ? `every ${c.row.original.everyMinutes} min` : "when asked"),
  }),
  column.accessor((s) => s.lastRun?.startedAt ?? "", {
    id: "lastRun",
    header: "Last run",
    cell: (c) => {
      const run = c.row.original.lastRun;
      if (!run) return <span className="text-slate-500">never</span>;
      return (
        <span className="flex flex-wrap items-center gap-2">
          <RunStatusBadge status={run.status} />
          <span className="text-xs text-slate-600">
            {new Date(run.startedAt).toLocaleString()} · <CountsLine counts={run.counts} />
          </span>
        </span>
      );
    },
  }),
];

export function SourcesTable({ sources }: { sources: SourceDto[] }) {
  return <SortableTable data={sources} columns={columns} label="Sources" rowTestId={(s) => `source-${s.id}`} />;
}
