import type { ItemStatus, RunStatus } from "@/lib/sources/source-dto";

const pill = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

const ITEM_CLASS: Record<ItemStatus, string> = {
  queued: "bg-slate-50 text-slate-600 ring-slate-200",
  running: "bg-blue-50 text-blue-800 ring-blue-200",
  stored: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  duplicate: "bg-teal-50 text-teal-800 ring-teal-200",
  unchanged: "bg-slate-100 text-slate-700 ring-slate-300",
  rejected: "bg-amber-50 text-amber-900 ring-amber-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  removed: "bg-purple-50 text-purple-800 ring-purple-200",
};

export const ITEM_LABEL: Record<ItemStatus, string> = {
  queued: "queued",
  running: "running",
  stored: "stored",
  duplicate: "already stored",
  unchanged: "unchanged",
  rejected: "rejected",
  failed: "failed",
  removed: "removed",
};

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  return (
    <span className={`${pill} ${ITEM_CLASS[status]}`} data-testid="item-status">
      {status === "running" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-600" aria-hidden /> : null}
      {ITEM_LABEL[status]}
    </span>
  );
}

const RUN_CLASS: Record<RunStatus, string> = {
  running: "bg-blue-50 text-blue-800 ring-blue-200",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return (
    <span className={`${pill} ${RUN_CLASS[status]}`} data-testid="run-status">
      {status === "running" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-600" aria-hidden /> : null}
      {status}
    </span>
  );
}
