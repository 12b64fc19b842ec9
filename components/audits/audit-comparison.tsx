"use client";

import Link from "next/link";
import { useDeferredValue, useId, useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import type { Severity } from "@/lib/audit/rules/severity";
import { accountNamesOf } from "@/lib/audits-store/account-names";
import type { AuditDto } from "@/lib/audits-store/audit-dto";
import type { AuditComparison, ComparisonRow } from "@/lib/audits-store/comparison";
import { formatCount, formatTimestamp } from "@/lib/format";
import { VirtualTable } from "../virtual-table";
import { AccountName } from "./account-name";
import { accountOption, accountsLabel, formatPorts, formatProtocol, type AccountNames } from "./audit-format";
import { comparisonQuery } from "./audit-queries";
import { auditPage, comparePage } from "./audit-urls";
import { SeverityBadge } from "./badges";

type Group = "new" | "resolved" | "unchanged" | "unknown";
const GROUPS: { id: Group; label: string; help: string }[] = [
  { id: "new", label: "New", help: "In the target only." },
  { id: "resolved", label: "Resolved", help: "In the base only, in a region the target scanned successfully." },
  { id: "unchanged", label: "Unchanged", help: "In both scans." },
  { id: "unknown", label: "Unknown", help: "In the base only, in a region the target failed or did not scan: neither resolved nor confirmed." },
];

type Row = ComparisonRow & { key: string; accountName: string; detail: string; severityRank: number; haystack: string };
const RANK: Record<Severity, number> = { critical: 0, high: 1, info: 2 };

function toRow(r: ComparisonRow, i: number, names: AccountNames): Row {
  const p = r.permission;
  const accountName = names[r.account] ?? "";
  const detail = p
    ? `${formatProtocol(p.protocol)} ${formatPorts(p)} from ${p.cidr} · ${p.groupId}${p.groupName ? ` (${p.groupName})` : ""}`
    : `missing ${(r.missingTags ?? []).join(", ")}`;
  return { ...r, key: `${i}`, accountName, detail, severityRank: p ? RANK[p.severity] : 3, haystack: `${r.account} ${accountName} ${r.region} ${r.instanceId} ${r.name ?? ""} ${detail}`.toLowerCase() };
}

const col = createColumnHelper<Row>();
const columns = [
  col.accessor("kind", {
    header: "Finding",
    sortingFn: "basic", meta: { width: "8rem" },
    cell: (c) => (c.getValue() === "untagged" ? <span className="text-amber-800">untagged</span> : <span className="text-red-800">open ingress</span>),
  }),
  col.accessor("severityRank", { header: "Severity", sortingFn: "basic", meta: { width: "6.5rem" }, cell: (c) => (c.row.original.permission ? <SeverityBadge severity={c.row.original.permission.severity} /> : null) }),
  col.accessor((r) => r.accountName || `~${r.account}`, { id: "account", header: "Account", sortingFn: "basic", meta: { width: "8.5rem" }, cell: (c) => <AccountName account={c.row.original.account} name={c.row.original.accountName} compact /> }),
  col.accessor("region", { header: "Region", sortingFn: "basic", meta: { width: "8.5rem" }, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.accessor("instanceId", { header: "Instance", sortingFn: "basic", meta: { width: "12.5rem" }, cell: (c) => <span className="font-mono text-xs">{c.getValue()}</span> }),
  col.accessor((r) => r.name ?? "", { id: "name", header: "Name", sortingFn: "basic", meta: { width: "10rem" }, cell: (c) => <span title={c.getValue()}>{c.getValue() || <span className="text-slate-400">(none)</span>}</span> }),
  col.accessor("state", { header: "State", sortingFn: "basic", meta: { width: "6.5rem" } }),
  col.accessor("detail", { header: "Detail", sortingFn: "basic", meta: { width: "auto" }, cell: (c) => <span title={c.getValue()}>{c.getValue()}</span> }),
];

function Side({ role, audit }: { role: string; audit: AuditDto }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{role}</div>
      <Link href={auditPage(audit.id)} className="font-medium text-blue-700 hover:underline">
        {formatTimestamp(audit.startedAt)}
      </Link>
      <div className="text-xs text-slate-500">
        {accountsLabel(audit.accountsRequested, accountNamesOf(audit))} · {audit.regionsRequested === "all" ? "all enabled regions" : audit.regionsRequested.join(", ")} · tags {audit.requiredTags.join(", ")} ·{" "}
        {formatCount(audit.summary.instances)} instances{audit.summary.failedRegions > 0 ? `, ${audit.summary.failedRegions} failed region(s)` : ""}
      </div>
    </div>
  );
}

type Filters = { kind: string; account: string; search: string };
type Rows = Record<Group, Row[]>;

/** The comparison's rows per group, with the account names of the newer scan winning (an account renamed between the two). */
function useComparisonRows(base: AuditDto, target: AuditDto, data: AuditComparison | undefined) {
  const names = useMemo<AccountNames>(() => {
    const [older, newer] = base.startedAt < target.startedAt ? [base, target] : [target, base];
    return { ...accountNamesOf(older), ...accountNamesOf(newer) };
  }, [base, target]);
  const rows = useMemo<Rows>(() => {
    if (!data) return { new: [], resolved: [], unchanged: [], unknown: [] };
    const toRows = (list: ComparisonRow[]) => list.map((r, i) => toRow(r, i, names));
    return { new: toRows(data.new), resolved: toRows(data.resolved), unchanged: toRows(data.unchanged), unknown: toRows(data.unknown) };
  }, [data, names]);
  return { names, rows };
}

/** The filters' row test, or undefined when nothing is filtered. */
function rowPredicate({ kind, account, search }: Filters): ((r: Row) => boolean) | undefined {
  if (kind === "" && account === "" && search === "") return undefined;
  return (r: Row) => (kind === "" || r.kind === kind) && (account === "" || r.account === account) && (search === "" || r.haystack.includes(search));
}

type TabsProps = { groups: typeof GROUPS; group: Group; counts: Record<Group, number>; onSelect: (g: Group) => void };

/** One tab per group with its count; the arrow keys move between them. */
function ChangeTabs({ groups, group, counts, onSelect }: TabsProps) {
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  return (
    <div role="tablist" aria-label="Findings by change" className="flex flex-wrap gap-2">
      {groups.map((g, i) => (
        <button
          key={g.id}
          ref={(el) => {
            tabs.current[i] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${g.id}`}
          aria-selected={group === g.id}
          aria-controls="comparison-panel"
          tabIndex={group === g.id ? 0 : -1}
          onClick={() => onSelect(g.id)}
          onKeyDown={(e) => {
            if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
            const next = (i + (e.key === "ArrowRight" ? 1 : groups.length - 1)) % groups.length;
            onSelect(groups[next]!.id);
            tabs.current[next]?.focus();
          }}
          className={`rounded-md border px-3 py-1.5 text-sm font-medium focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 ${
            group === g.id ? "border-blue-600 bg-blue-600 text-white" : "border-slate-300 bg-white text-slate-700 hover:bg-slate-50"
          }`}
          data-testid={`tab-${g.id}`}
        >
          {g.label} <span className="num">({formatCount(counts[g.id])})</span>
        </button>
      ))}
    </div>
  );
}

type FilterBarProps = { filters: Filters; onChange: (f: Filters) => void; accounts: string[]; names: AccountNames; shown: number; total: number };

/** Search, finding kind and account (when there are several), and how many rows they leave. */
function ComparisonFilters({ filters, onChange, accounts, names, shown, total }: FilterBarProps) {
  const searchId = useId();
  const select = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm";
  return (
    <div className="flex flex-wrap items-center gap-3">
      <label htmlFor={searchId} className="sr-only">Search findings</label>
      <input
        id={searchId}
        type="search"
        value={filters.search}
        onChange={(e) => onChange({ ...filters, search: e.target.value })}
        placeholder="Search region, id, Name, rule"
        className="w-64 rounded-md border border-slate-300 px-2 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500"
      />
      <label className="flex items-center gap-1 text-sm text-slate-600">
        Finding
        <select value={filters.kind} onChange={(e) => onChange({ ...filters, kind: e.target.value })} className={select}>
          <option value="">both kinds</option>
          <option value="untagged">untagged</option>
          <option value="open-ingress">open ingress</option>
        </select>
      </label>
      {accounts.length > 1 ? (
        <label className="flex items-center gap-1 text-sm text-slate-600">
          Account
          <select value={filters.account} onChange={(e) => onChange({ ...filters, account: e.target.value })} className={select}>
            <option value="">all accounts</option>
            {accounts.map((a) => (
              <option key={a} value={a}>{accountOption(a, names)}</option>
            ))}
          </select>
        </label>
      ) : null}
      <span className="text-sm text-slate-500" data-testid="rows-shown">
        {formatCount(shown)} of {formatCount(total)} rows
      </span>
    </div>
  );
}

function ComparisonPanel({ rows, names, group }: { rows: Rows; names: AccountNames; group: Group }) {
  const [filters, setFilters] = useState<Filters>({ kind: "", account: "", search: "" });
  const search = useDeferredValue(filters.search.trim().toLowerCase());
  const predicate = useMemo(() => rowPredicate({ kind: filters.kind, account: filters.account, search }), [filters.kind, filters.account, search]);
  const accounts = useMemo(() => [...new Set(Object.values(rows).flatMap((list) => list.map((r) => r.account)))].sort(), [rows]);
  const shown = useMemo(() => (predicate ? rows[group].reduce((n, r) => (predicate(r) ? n + 1 : n), 0) : rows[group].length), [rows, group, predicate]);
  const info = GROUPS.find((g) => g.id === group);
  return (
    <div id="comparison-panel" role="tabpanel" aria-labelledby={`tab-${group}`} className="space-y-3">
      <p className="text-sm text-slate-600">{info?.help}</p>
      <ComparisonFilters filters={filters} onChange={setFilters} accounts={accounts} names={names} shown={shown} total={rows[group].length} />
      <VirtualTable
        data={rows[group]}
        predicate={predicate}
        columns={columns}
        label={`${info?.label} findings`}
        filter=""
        filterText={() => ""}
        rowKey={(r) => r.key}
        initialSorting={[{ id: "severityRank", desc: false }]}
        emptyMessage={rows[group].length === 0 ? "Nothing here." : "No finding matches these filters."}
      />
    </div>
  );
}

/** New, resolved, unchanged and unknown findings of two audits, one tab each. */
export function AuditComparisonView({ base, target }: { base: AuditDto; target: AuditDto }) {
  const query = useQuery(comparisonQuery(base.id, target.id));
  const [group, setGroup] = useState<Group>("new");
  const { names, rows } = useComparisonRows(base, target, query.data);
  const visibleGroups = GROUPS.filter((g) => g.id !== "unknown" || (query.data?.counts.unknown ?? 0) > 0);
  const baseIsNewer = base.startedAt > target.startedAt;

  return (
    <div className="space-y-4">
      <div className="grid gap-3 md:grid-cols-2">
        <Side role="Base (older)" audit={base} />
        <Side role="Target (newer)" audit={target} />
      </div>
      {baseIsNewer ? (
        <p className="text-sm text-amber-800">
          The base is newer than the target, so “new” means gone since.{" "}
          <Link href={comparePage(target.id, base.id)} className="underline">
            Swap them
          </Link>
        </p>
      ) : null}
      {query.isPending ? (
        <p role="status" className="rounded-lg border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-500">
          Comparing the findings…
        </p>
      ) : query.isError ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
          Could not compare: {query.error.message}
        </p>
      ) : (
        <>
          <ChangeTabs groups={visibleGroups} group={group} counts={query.data.counts} onSelect={setGroup} />
          <ComparisonPanel rows={rows} names={names} group={group} />
        </>
      )}
    </div>
  );
}
