"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { Download, Trash2 } from "lucide-react";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { formatBytes, formatCount, formatDurationNanos, formatTimestamp } from "@/lib/format";
import { formatValue } from "@/lib/pprof/units";
import { SortableTable } from "./sortable-table";
import { PgoBadge } from "./pgo-badge";
import { ConfirmDialog } from "./confirm-dialog";

const col = createColumnHelper<ProfileDto>();

function Totals({ profile }: { profile: ProfileDto }) {
  return (
    <ul className="space-y-0.5">
      {profile.sampleTypes.map((st) => (
        <li key={st.type} className="whitespace-nowrap">
          <span className="text-slate-500">
            {st.type}/{st.unit}
          </span>{" "}
          <span className="num">{formatValue(profile.totals[st.type] ?? 0, st.unit)}</span>
        </li>
      ))}
    </ul>
  );
}

export function ProfilesTable({ profiles }: { profiles: ProfileDto[] }) {
  const router = useRouter();
  const [pendingDelete, setPendingDelete] = useState<ProfileDto | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function confirmDelete() {
    if (!pendingDelete) return;
    const res = await fetch(`/api/profiles/${pendingDelete.id}`, { method: "DELETE" });
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      setError(body.error ?? `delete failed (HTTP ${res.status})`);
    } else {
      setError(null);
    }
    setPendingDelete(null);
    router.refresh();
  }

  const columns = [
    col.accessor("capturedAt", { header: "Captured", cell: (c) => <span className="whitespace-nowrap">{formatTimestamp(c.getValue())}</span> }),
    col.accessor("durationNanos", { header: "Duration", meta: { align: "right" }, cell: (c) => <span className="whitespace-nowrap">{formatDurationNanos(c.getValue())}</span> }),
    col.accessor("sampleCount", { header: "Samples", meta: { align: "right" }, cell: (c) => formatCount(c.getValue()) }),
    col.accessor((p) => p.totals[p.defaultSampleType] ?? 0, {
      id: "totals",
      header: "Totals",
      cell: (c) => <Totals profile={c.row.original} />,
    }),
    col.accessor("sizeBytes", { header: "Size", meta: { align: "right" }, cell: (c) => <span className="whitespace-nowrap">{formatBytes(c.getValue())}</span> }),
    col.accessor((p) => Object.entries(p.labels).map(([k, v]) => `${k}:${v}`).join(" "), {
      id: "labels",
      header: "Labels",
      cell: (c) => (
        <div className="flex flex-wrap gap-1">
          {Object.entries(c.row.original.labels).map(([k, v]) => (
            <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
              {k}:{v}
            </span>
          ))}
        </div>
      ),
    }),
    col.accessor("source", { header: "Source" }),
    col.accessor((p) => (p.pgo.usable ? 1 : 0), { id: "pgo", header: "PGO", cell: (c) => <PgoBadge pgo={c.row.original.pgo} /> }),
    col.display({
      id: "actions",
      header: () => <span className="sr-only">Actions</span>,
      cell: (c) => (
        <div className="flex items-center justify-end gap-1">
          <a
            href={`/api/profiles/${c.row.original.id}/raw`}
            title="Download"
            className="inline-flex items-center gap-1 rounded px-2 py-1 text-blue-700 hover:bg-blue-50"
            aria-label={`Download profile captured ${formatTimestamp(c.row.original.capturedAt)}`}
            download
          >
            <Download className="h-4 w-4" aria-hidden />
          </a>
          <button
            type="button"
            onClick={() => setPendingDelete(c.row.original)}
            title="Delete"
            className="inline-flex items-center gap-1 rounded px-2 py-1 text-red-700 hover:bg-red-50"
            aria-label={`Delete profile captured ${formatTimestamp(c.row.original.capturedAt)}`}
          >
            <Trash2 className="h-4 w-4" aria-hidden />
          </button>
        </div>
      ),
    }),
  ];

  return (
    <>
      {error ? (
        <p role="alert" className="mb-3 rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
      <SortableTable
        data={profiles}
        columns={columns}
        label="Profiles"
        initialSorting={[{ id: "capturedAt", desc: true }]}
        rowTestId={(p) => `profile-row-${p.id}`}
      />
      <ConfirmDialog
        open={pendingDelete !== null}
        title="Delete this profile?"
        confirmLabel="Delete profile"
        onConfirm={confirmDelete}
        onCancel={() => setPendingDelete(null)}
      >
        {pendingDelete ? (
          <p>
            The profile of <strong>{pendingDelete.service}</strong> captured {formatTimestamp(pendingDelete.capturedAt)} (
            {formatBytes(pendingDelete.sizeBytes)}) will be removed with its stored bytes. This cannot be undone.
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}
