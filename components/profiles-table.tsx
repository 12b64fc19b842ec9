"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createColumnHelper } from "@tanstack/react-table";
import { Download, GitCompare, Trash2 } from "lucide-react";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { formatBytes, formatCount, formatDurationNanos, formatTimestamp } from "@/lib/format";
import { formatValue } from "@/lib/pprof/units";
import { SortableTable } from "./sortable-table";
import { DamagedBadge, PgoBadge } from "./pgo-badge";
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

  // Two ticked profiles compare: the older is the base, the newer the target.
  const [picked, setPicked] = useState<string[]>([]);
  const togglePick = (id: string) =>
    setPicked((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id].slice(-2)));
  const compareHref = (() => {
    if (picked.length !== 2) return null;
    const [a, b] = picked.map((id) => profiles.find((p) => p.id === id)!).sort((x, y) => x.capturedAt.localeCompare(y.capturedAt));
    return `/compare?base=${encodeURIComponent(a.id)}&target=${encodeURIComponent(b.id)}`;
  })();

  const columns = [
    col.display({
      id: "pick",
      header: () => <span className="sr-only">Compare</span>,
      cell: (c) => (
        <input
          type="checkbox"
          checked={picked.includes(c.row.original.id)}
          onChange={() => togglePick(c.row.original.id)}
          aria-label={`Select profile captured ${formatTimestamp(c.row.original.capturedAt)} to compare`}
          className="mt-0.5 h-4 w-4"
        />
      ),
    }),
    col.accessor("capturedAt", {
      header: "Captured",
      cell: (c) => (
        <Link href={`/profiles/${c.row.original.id}`} className="whitespace-nowrap text-blue-700 hover:underline" title="Open the flame graph and top table">
          {formatTimestamp(c.getValue())}
        </Link>
      ),
    }),
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
    col.accessor((p) => (p.damaged ? -1 : p.pgo.usable ? 1 : 0), {
      id: "pgo",
      header: "PGO",
      cell: (c) => (c.row.original.damaged ? <DamagedBadge /> : <PgoBadge pgo={c.row.original.pgo} />),
    }),
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
      {profiles.length > 1 ? (
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
          {compareHref ? (
            <Link
              href={compareHref}
              className="inline-flex items-center gap-2 rounded-md bg-blue-700 px-3 py-1.5 font-medium text-white hover:bg-blue-800"
            >
              <GitCompare className="h-4 w-4" aria-hidden /> Compare selected
            </Link>
          ) : (
            <span
              aria-disabled="true"
              className="inline-flex cursor-not-allowed items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium text-slate-400"
            >
              <GitCompare className="h-4 w-4" aria-hidden /> Compare selected
            </span>
          )}
          <span className="text-slate-600" aria-live="polite">
            {picked.length === 2 ? "Older one is the base, newer one the target." : `Tick two profiles to compare them (${picked.length} of 2).`}
          </span>
        </div>
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
