"use client";

import Link from "next/link";
import { useActionState, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { ArrowLeftRight, RotateCw, Square } from "lucide-react";
import { rescanAction, stopAuditAction } from "@/app/audits/actions";
import { initialActionState } from "@/app/_lib/action-state";
import { accountNamesOf } from "@/lib/audits-store/account-names";
import type { AuditDto, AuditRegion } from "@/lib/audits-store/audit-dto";
import { formatCount, formatTimestamp } from "@/lib/format";
import { ActionMessage } from "../form-bits";
import { SortableTable } from "../sortable-table";
import { formatMs, type RegionDisplayStatus } from "./audit-format";
import { auditQuery } from "./audit-queries";
import { comparePage } from "./audit-urls";
import { DeleteAuditButton } from "./delete-audit-button";
import { AuditStatusBadge, DemoBadge, RegionStatusBadge } from "./badges";
import { ExportLinks, OpenIngressFindings, UntaggedFindings } from "./findings-tables";
import { NewFindings } from "./new-findings";
import { AccountName } from "./account-name";
import { accountsLabel, type AccountNames } from "./audit-format";

/** Ticks every second while `active`, for elapsed times. */
function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Card({ label, value, detail, tone }: { label: string; value: string; detail?: string; tone?: "bad" | "warn" }) {
  const color = tone === "bad" ? "text-red-700" : tone === "warn" ? "text-amber-700" : "text-slate-900";
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm" data-testid={`card-${label.toLowerCase().replace(/\s+/g, "-")}`}>
      <div className="text-xs uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`num text-2xl font-semibold ${color}`}>{value}</div>
      {detail ? <div className="text-xs text-slate-500">{detail}</div> : null}
    </div>
  );
}

type RegionRow = Omit<AuditRegion, "status"> & { status: RegionDisplayStatus; elapsedMs: number; accountName: string };
const regionCol = createColumnHelper<RegionRow>();

function regionColumns() {
  const finished = (r: RegionRow) => r.status === "ok" || r.status === "error";
  const n = (value: number, r: RegionRow) => (finished(r) ? formatCount(value) : "—");
  return [
    regionCol.accessor((r) => r.accountName || `~${r.account}`, { id: "account", header: "Account", cell: (c) => <AccountName account={c.row.original.account} name={c.row.original.accountName} /> }),
    regionCol.accessor("region", {
      header: "Region",
      cell: (c) => (c.getValue() === "*" ? <span className="text-xs text-slate-600">every region (role not assumed)</span> : <span className="font-mono text-xs">{c.getValue()}</span>),
    }),
    regionCol.accessor("status", {
      header: "Status",
      cell: (c) => {
        const r = c.row.original;
        return (
          <div className="space-y-1">
            <RegionStatusBadge status={r.status} />
            {r.error ? (
              <p className="max-w-md text-xs text-red-700" data-testid="region-error">
                {r.error}
              </p>
            ) : null}
          </div>
        );
      },
    }),
    regionCol.accessor("total", {
      header: "Instances",
      meta: { align: "right" },
      cell: (c) => {
        const r = c.row.original;
        if (r.status === "scanning") return <span className="text-blue-800">{formatCount(r.total)} so far</span>;
        return n(r.total, r);
      },
    }),
    regionCol.accessor("running", { header: "Running", meta: { align: "right" }, cell: (c) => n(c.getValue(), c.row.original) }),
    regionCol.accessor("untagged", { header: "Untagged", meta: { align: "right" }, cell: (c) => n(c.getValue(), c.row.original) }),
    regionCol.accessor("openIngress", { header: "Open ingress", meta: { align: "right" }, cell: (c) => n(c.getValue(), c.row.original) }),
    regionCol.accessor("elapsedMs", {
      header: "Time",
      meta: { align: "right" },
      cell: (c) => (c.row.original.status === "queued" || c.row.original.status === "unfinished" ? "—" : formatMs(c.getValue())),
    }),
  ];
}
const columns = regionColumns();

function Progress({ audit }: { audit: AuditDto }) {
  const total = audit.regions.length;
  const done = audit.regions.filter((r) => r.status === "ok" || r.status === "error").length;
  const scanning = audit.regions.filter((r) => r.status === "scanning").length;
  const soFar = audit.regions.reduce((sum, r) => sum + r.total, 0);
  if (total === 0) {
    return (
      <p role="status" className="rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900">
        Listing the enabled regions (DescribeRegions)…
      </p>
    );
  }
  return (
    <div className="space-y-2 rounded-md border border-blue-200 bg-blue-50 px-4 py-3 text-sm text-blue-900">
      <p role="status" data-testid="scan-progress">
        Scanning: {done} of {total} regions done, {scanning} in progress, {formatCount(soFar)} instances so far.
      </p>
      <div className="h-2 overflow-hidden rounded-full bg-blue-100" role="progressbar" aria-label="Regions done" aria-valuemin={0} aria-valuemax={total} aria-valuenow={done}>
        <div className="h-full bg-blue-600 transition-all" style={{ width: `${(100 * done) / total}%` }} />
      </div>
    </div>
  );
}

const BUTTON_TONE = {
  plain: "border-slate-300 text-slate-700 hover:bg-slate-50 focus-visible:ring-blue-500",
  danger: "border-red-300 text-red-700 hover:bg-red-50 focus-visible:ring-red-500",
} as const;

/** A report's button for a server action on this audit ("Scan again", "Stop scan"), with its message on failure. */
function AuditActionButton({
  auditId,
  serverAction,
  icon,
  label,
  pendingLabel,
  tone = "plain",
  onDone,
}: {
  auditId: string;
  serverAction: typeof rescanAction;
  icon: ReactNode;
  label: string;
  pendingLabel: string;
  tone?: keyof typeof BUTTON_TONE;
  onDone?: () => void;
}) {
  const [state, action, pending] = useActionState(serverAction, initialActionState);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  useEffect(() => {
    if (state.ok) onDoneRef.current?.();
  }, [state]);
  return (
    <form action={action} className="flex items-center gap-2">
      <input type="hidden" name="auditId" value={auditId} />
      <button
        type="submit"
        disabled={pending}
        className={`inline-flex items-center gap-1 rounded-md border bg-white px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 disabled:opacity-60 ${BUTTON_TONE[tone]}`}
      >
        {icon} {pending ? pendingLabel : label}
      </button>
      {state.ok ? null : <ActionMessage state={state} />}
    </form>
  );
}

/** Whether a scheduled scan's alert went out. */
function AlertStatus({ alert }: { alert: NonNullable<AuditDto["alert"]> }) {
  const tone = alert.status === "sent" ? "border-emerald-200 bg-emerald-50 text-emerald-900" : alert.status === "failed" ? "border-amber-300 bg-amber-50 text-amber-900" : "border-slate-200 bg-white text-slate-700";
  const what = `${alert.newCritical} new critical, ${alert.failedPlaces} failed`;
  return (
    <p className={`rounded-md border px-4 py-2 text-sm ${tone}`} data-testid="alert-status">
      {alert.status === "sent" ? `Alert sent to the webhook (${what}).` : alert.status === "failed" ? `The alert was not sent: ${alert.reason} (${what}).` : `No alert: ${alert.reason}.`}
    </p>
  );
}

const ERROR_TITLE: Partial<Record<AuditDto["status"], string>> = { interrupted: "Interrupted", stopped: "Stopped" };

type Query = ReturnType<typeof useQuery<AuditDto>>;

/** Title, scope and who started it; compare, scan again, delete and stop. */
function ReportHeader({ audit, accountNames, canOperate, previousId, onStopped }: { audit: AuditDto; accountNames: AccountNames; canOperate: boolean; previousId: string | null; onStopped: () => void }) {
  const running = audit.status === "running";
  return (
    <div className="flex flex-wrap items-start justify-between gap-4">
      <div className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold">Audit of {formatTimestamp(audit.startedAt)}</h1>
          <AuditStatusBadge status={audit.status} />
          {audit.demo ? <DemoBadge /> : null}
        </div>
        <p className="text-sm text-slate-600">
          {accountsLabel(audit.accountsRequested, accountNames).replace(/^./, (c) => c.toUpperCase())} · {audit.regionsRequested === "all" ? "all enabled regions" : `regions ${audit.regionsRequested.join(", ")}`} · required tags{" "}
          {audit.requiredTags.join(", ")} · started by {audit.startedBy}
          {audit.finishedAt ? ` · finished ${formatTimestamp(audit.finishedAt)}` : null}
        </p>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        {audit.findingsAvailable ? (
          <Link
            href={previousId ? comparePage(previousId, audit.id) : `/audits/compare?target=${encodeURIComponent(audit.id)}`}
            className="inline-flex items-center gap-1 text-sm text-blue-700 hover:underline"
          >
            <ArrowLeftRight className="h-4 w-4" aria-hidden /> {previousId ? "Compare with the previous scan" : "Compare"}
          </Link>
        ) : null}
        {canOperate && !running ? (
          <AuditActionButton auditId={audit.id} serverAction={rescanAction} icon={<RotateCw className="h-4 w-4" aria-hidden />} label="Scan again" pendingLabel="Starting…" />
        ) : null}
        {canOperate && !running ? <DeleteAuditButton audit={audit} /> : null}
        {canOperate && running ? (
          <AuditActionButton auditId={audit.id} serverAction={stopAuditAction} icon={<Square className="h-4 w-4" aria-hidden />} label="Stop scan" pendingLabel="Stopping…" tone="danger" onDone={onStopped} />
        ) : null}
      </div>
    </div>
  );
}

/** Progress while running, the scan's error, the alert's fate, and a failed refresh. */
function ReportNotices({ audit, query }: { audit: AuditDto; query: Query }) {
  return (
    <>
      {audit.status === "running" ? <Progress audit={audit} /> : null}
      {audit.error ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900" data-testid="audit-error">
          <strong className="font-semibold">{ERROR_TITLE[audit.status] ?? "Failed"}:</strong> {audit.error}
        </div>
      ) : null}
      {audit.alert ? <AlertStatus alert={audit.alert} /> : null}
      {query.isError ? (
        <p role="alert" className="text-sm text-amber-800">
          Could not refresh the progress ({query.error.message}); retrying.
        </p>
      ) : null}
    </>
  );
}

/** The summary cards; while running, the figures so far. */
function SummaryCards({ audit, elapsed }: { audit: AuditDto; elapsed: number }) {
  const s = audit.summary;
  const running = audit.status === "running";
  const instancesSoFar = running ? audit.regions.reduce((sum, r) => sum + r.total, 0) : s.instances;
  return (
    <section aria-label="Summary" className="grid grid-cols-2 gap-3 md:grid-cols-4 lg:grid-cols-8">
      <Card label="Accounts" value={formatCount(s.accounts ?? new Set(audit.regions.map((r) => r.account)).size)} detail={s.failedAccounts ? `${s.failedAccounts} failed` : "scanned"} tone={s.failedAccounts ? "bad" : undefined} />
      <Card label="Regions" value={formatCount(s.regionsScanned)} detail={running ? `of ${audit.regions.length || "…"} so far` : "scanned"} />
      <Card label="Failed regions" value={formatCount(s.failedRegions)} tone={s.failedRegions > 0 ? "bad" : undefined} />
      <Card label="Instances" value={formatCount(instancesSoFar)} detail={running ? "so far" : `${formatCount(s.running)} running`} />
      <Card label="Untagged" value={formatCount(s.untagged)} tone={s.untagged > 0 ? "warn" : undefined} detail="instances" />
      <Card label="Open ingress" value={formatCount(s.openIngress)} tone={s.openIngress > 0 ? "bad" : undefined} detail="instances" />
      <Card label="Muted" value={formatCount((s.muted?.untagged ?? 0) + (s.muted?.openIngress ?? 0))} detail="by suppressions" />
      <Card label="Duration" value={formatMs(elapsed)} detail={running ? "so far" : undefined} />
    </section>
  );
}

/** The regions table: each region's status, with a live elapsed time while scanning. */
function RegionsSection({ audit, accountNames, now }: { audit: AuditDto; accountNames: AccountNames; now: number }) {
  const running = audit.status === "running";
  const regions: RegionRow[] = audit.regions.map((r) => ({
    ...r,
    accountName: accountNames[r.account ?? "self"] ?? "",
    status: !running && (r.status === "queued" || r.status === "scanning") ? "unfinished" : r.status,
    elapsedMs: r.status === "scanning" && r.startedAt ? Math.max(0, now - Date.parse(r.startedAt)) : r.durationMs,
  }));
  return (
    <section className="space-y-3" aria-labelledby="regions-heading">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <h2 id="regions-heading" className="text-lg font-semibold">
          Regions
        </h2>
        {!running && audit.regions.length > 0 ? <ExportLinks auditId={audit.id} kind="regions" /> : null}
      </div>
      {audit.regions.length === 0 ? (
        <p className="rounded-lg border border-slate-200 bg-white px-4 py-6 text-center text-sm text-slate-500">{running ? "No region listed yet." : "No region was scanned."}</p>
      ) : (
        <SortableTable data={regions} columns={columns} label="Regions" rowTestId={(r) => (r.account === "self" ? `region-row-${r.region}` : `region-row-${r.account}-${r.region}`)} />
      )}
    </section>
  );
}

/** The report of one audit: live while it runs (polled every second), then summary, regions and findings. */
export function AuditReport({ initialAudit, canOperate, previousId }: { initialAudit: AuditDto; canOperate: boolean; previousId: string | null }) {
  const query = useQuery(auditQuery(initialAudit.id, initialAudit));
  const audit = query.data ?? initialAudit;
  const running = audit.status === "running";
  const now = useNow(running);
  const elapsed = running ? Math.max(0, now - Date.parse(audit.startedAt)) : audit.summary.durationMs;
  const accountNames = useMemo(() => accountNamesOf(audit), [audit]);

  return (
    <div className="space-y-8">
      <ReportHeader audit={audit} accountNames={accountNames} canOperate={canOperate} previousId={previousId} onStopped={() => void query.refetch()} />
      <ReportNotices audit={audit} query={query} />
      <SummaryCards audit={audit} elapsed={elapsed} />
      <RegionsSection audit={audit} accountNames={accountNames} now={now} />
      {audit.findingsAvailable ? (
        <>
          <NewFindings auditId={audit.id} accountNames={accountNames} />
          <OpenIngressFindings auditId={audit.id} accountNames={accountNames} />
          <UntaggedFindings auditId={audit.id} requiredTags={audit.requiredTags} accountNames={accountNames} />
        </>
      ) : running ? (
        <p className="text-sm text-slate-500">The findings tables appear when every region is done.</p>
      ) : null}
    </div>
  );
}
