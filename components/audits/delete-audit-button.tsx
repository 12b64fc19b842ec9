"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Trash2 } from "lucide-react";
import type { AuditDto } from "@/lib/audits-store/audit-dto";
import { formatTimestamp } from "@/lib/format";
import { ConfirmDialog } from "../confirm-dialog";

/** "Delete" on a finished report: asks first, then removes the audit and its findings and opens the history. */
export function DeleteAuditButton({ audit }: { audit: AuditDto }) {
  const router = useRouter();
  const [asking, setAsking] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function remove() {
    const res = await fetch(`/api/audits/${encodeURIComponent(audit.id)}`, { method: "DELETE" });
    setAsking(false);
    if (!res.ok) {
      const body = (await res.json().catch(() => ({}))) as { error?: string };
      setError(body.error ?? `delete failed (HTTP ${res.status})`);
      return;
    }
    router.push("/audits");
    router.refresh();
  }

  return (
    <div className="flex items-center gap-2">
      <button
        type="button"
        onClick={() => setAsking(true)}
        className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-red-50 hover:text-red-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500"
      >
        <Trash2 className="h-4 w-4" aria-hidden /> Delete
      </button>
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
      <ConfirmDialog open={asking} title="Delete this audit?" confirmLabel="Delete audit" onConfirm={remove} onCancel={() => setAsking(false)}>
        <p>
          The scan of {formatTimestamp(audit.startedAt)} ({audit.summary.instances.toLocaleString("en-US")} instances) will be removed with its
          findings and exports; comparisons with it will no longer open. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}
