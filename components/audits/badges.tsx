import type { Severity } from "@/lib/audit/rules/severity";
import type { AuditRegion, AuditStatus } from "@/lib/audits-store/audit-dto";
import { AUDIT_STATUS_LABEL, REGION_STATUS_LABEL, type RegionDisplayStatus } from "./audit-format";

const pill = "inline-flex items-center gap-1 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset whitespace-nowrap";

const AUDIT_STATUS_CLASS: Record<AuditStatus, string> = {
  running: "bg-blue-50 text-blue-800 ring-blue-200",
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  interrupted: "bg-amber-50 text-amber-900 ring-amber-200",
  stopped: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function AuditStatusBadge({ status }: { status: AuditStatus }) {
  return (
    <span className={`${pill} ${AUDIT_STATUS_CLASS[status]}`} data-testid="audit-status">
      {status === "running" ? <span className="h-1.5 w-1.5 animate-pulse rounded-full bg-blue-600" aria-hidden /> : null}
      {AUDIT_STATUS_LABEL[status]}
    </span>
  );
}

const REGION_STATUS_CLASS: Record<RegionDisplayStatus, string> = {
  queued: "bg-slate-50 text-slate-600 ring-slate-200",
  unfinished: "bg-slate-100 text-slate-700 ring-slate-300",
  scanning: "bg-blue-50 text-blue-800 ring-blue-200",
  ok: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  error: "bg-red-50 text-red-800 ring-red-200",
};

export function RegionStatusBadge({ status }: { status: RegionDisplayStatus }) {
  return <span className={`${pill} ${REGION_STATUS_CLASS[status]}`}>{REGION_STATUS_LABEL[status]}</span>;
}

const SEVERITY_CLASS: Record<Severity, string> = {
  critical: "bg-red-600 text-white ring-red-600",
  high: "bg-amber-100 text-amber-900 ring-amber-300",
  info: "bg-slate-100 text-slate-700 ring-slate-300",
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`${pill} ${SEVERITY_CLASS[severity]}`} data-testid="severity">
      {severity}
    </span>
  );
}

export function DemoBadge() {
  return <span className={`${pill} bg-fuchsia-50 text-fuchsia-800 ring-fuchsia-200`}>demo data</span>;
}

/** A finding that is new since the previous scan of the same scope. */
export function NewBadge() {
  return <span className="rounded bg-blue-100 px-1.5 py-0.5 text-xs font-semibold uppercase tracking-wide text-blue-800">new</span>;
}
