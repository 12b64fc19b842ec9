"use client";

import { useDeferredValue, useId, useMemo, useState, type ReactNode } from "react";
import { useQuery } from "@tanstack/react-query";
import { createColumnHelper } from "@tanstack/react-table";
import { Download } from "lucide-react";
import type { Severity } from "@/lib/audit/rules/severity";
import { formatCount, formatTimestamp } from "@/lib/format";
import { VirtualTable } from "../virtual-table";
import { AccountName } from "./account-name";
import { accountOption, type AccountNames, formatPorts, formatProtocol } from "./audit-format";
import { openIngressQuery, untaggedQuery } from "./audit-queries";
import { exportApi } from "./audit-urls";
import { NewBadge, SeverityBadge } from "./badges";

const NO_NAMES: AccountNames = {};
const SEVERITY_RANK: Record<Severity, number> = { critical: 0, high: 1, info: 2 };
const SEVERITIES = Object.keys(SEVERITY_RANK) as Severity[];

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500";

/** `accountName`: the account's name, "" when it has none. */
type Filterable = { account: string; accountName: string; region: string; state: string; haystack: string };

function distinct(rows: readonly Filterable[], pick: (r: Filterable) => string): string[] {
  return [...new Set(rows.map(pick))].sort();
}

/**
 * Search text and the region and state selects as one row predicate (undefined: no filter) for
 * VirtualTable, which keeps its 100,000 rows and only filters them; the search is deferred while
 * typing.
 */
function useFilters<T extends Filterable>(rows: readonly T[], extra?: (row: T) => boolean) {
  const [search, setSearch] = useState("");
  const [account, setAccount] = useState("");
  const [region, setRegion] = useState("");
  const [state, setState] = useState("");
  const deferredSearch = useDeferredValue(search.trim().toLowerCase());
  const predicate = useMemo(() => {
    if (account === "" && region === "" && state === "" && deferredSearch === "" && extra === undefined) return undefined;
    return (r: T) =>
      (account === "" || r.account === account) &&
      (region === "" || r.region === region) &&
      (state === "" || r.state === state) &&
      (deferredSearch === "" || r.haystack.includes(deferredSearch)) &&
      (extra === undefined || extra(r));
  }, [account, region, state, deferredSearch, extra]);
  const shown = useMemo(() => (predicate ? rows.reduce((n, r) => (predicate(r) ? n + 1 : n), 0) : rows.length), [rows, predicate]);
  const regions = useMemo(() => distinct(rows, (r) => r.region), [rows]);
  const accounts = useMemo(() => distinct(rows, (r) => r.account), [rows]);
  const accountNames = useMemo(() => Object.fromEntries(rows.filter((r) => r.accountName).map((r) => [r.account, r.accountName])) as AccountNames, [rows]);
  const states = useMemo(() => distinct(rows, (r) => r.state), [rows]);
  return { search, setSearch, account, setAccount, accounts, accountNames, region, setRegion, state, setState, predicate, shown, regions, states, stale: deferredSearch !== search.trim().toLowerCase() };
}

function Select({ label, value, onChange, options, all, labelOf = (o) => o }: { label: string; value: string; onChange: (v: string) => void; options: string[]; all: string; labelOf?: (option: string) => string }) {
  return (
    <label className="flex items-center gap-1 text-sm text-slate-600">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} className={selectClass}>
        <option value="">{all}</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function ExportLinks({ auditId, kind }: { auditId: string; kind: "untagged" | "open-ingress" | "regions" }) {
  const link = "inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500";
  return (
    <span className="flex items-center gap-2">
      <a href={exportApi(auditId, kind, "csv")} download className={link} data-testid={`export-${kind}-csv`}>
        <Download className="h-3.5 w-3.5" aria-hidden /> CSV
      </a>
      <a href={exportApi(auditId, kind, "json")} download className={link} data-testid={`export-${kind}-json`}>
        <Download className="h-3.5 w-3.5" aria-hidden /> JSON
      </a>
    </span>
  );
}

function Section({ id, title, description, count, actions, children }: { id: string; title: string; description: ReactNode; count?: ReactNode; actions?: ReactNode; children: ReactNode }) {
  return (
    <section className="space-y-3" aria-labelledby={id}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={id} className="text-lg font-semibold">
            {title} {count}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        <div className="ml-auto">{actions}</div>
      </div>
      {children}
    </section>
  );
}

function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="rounded-lg border border-slate-200 bg-white px-4 py-8 text-center text-sm text-slate-500">
      Loading {what}…
    </p>
  );
}

function LoadError({ error, retry }: { error: Error; retry: () => void }) {
  return (
    <div role="alert" className="flex items-center justify-between rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      <span>Could not load the findings: {error.message}</span>
      <button type="button" onClick={retry} className="rounded-md bg-red-600 px-3 py-1 font-medium text-white">
        Try again
      </button>
    </div>
  );
}

function Shown({ shown, total, stale }: { shown: number; total: number; stale: boolean }) {
  return (
    <span className={`text-sm text-slate-500 ${stale ? "opacity-60" : ""}`} data-testid="rows-shown" aria-live="polite">
      {shown === total ? `${formatCount(total)} rows` : `${formatCount(shown)} of ${formatCount(total)} rows`}
    </span>
  );
}

type Filters<T extends Filterable> = ReturnType<typeof useFilters<T>>;

/**
 * A findings table's body: loading, the load error with a retry, the all-clear message when the
 * scan found nothing, else the search and selects over the virtual table.
 */
function FindingsBody<T extends Filterable & { key: string }>({
  query,
  rows,
  filters,
  what,
  allClear,
  search,
  extraSelects,
  table,
}: {
  query: { isPending: boolean; isError: boolean; error: Error | null; refetch: () => unknown };
  rows: T[];
  filters: Filters<T>;
  /** "untagged instances": for the loading line and the search box's label. */
  what: string;
  allClear: string;
  search: { placeholder: string };
  extraSelects?: ReactNode;
  table: Pick<Parameters<typeof VirtualTable<T>>[0], "columns" | "label" | "initialSorting" | "emptyMessage">;
}) {
  const searchId = useId();
  if (query.isPending) return <Loading what={what} />;
  if (query.isError) return <LoadError error={query.error ?? new Error("unknown error")} retry={() => void query.refetch()} />;
  if (rows.length === 0) {
    return <p className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-6 text-center text-sm text-emerald-900">{allClear}</p>;
  }
  return (
    <>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={searchId} className="sr-only">Search {what}</label>
        <input id={searchId} type="search" value={filters.search} onChange={(e) => filters.setSearch(e.target.value)} placeholder={search.placeholder} className={`${selectClass} w-64`} />
        {extraSelects}
        {filters.accounts.length > 1 ? <Select label="Account" value={filters.account} onChange={filters.setAccount} options={filters.accounts} all="all accounts" labelOf={(a) => accountOption(a, filters.accountNames)} /> : null}
        <Select label="Region" value={filters.region} onChange={filters.setRegion} options={filters.regions} all="all regions" />
        <Select label="State" value={filters.state} onChange={filters.setState} options={filters.states} all="all states" />
        <Shown shown={filters.shown} total={rows.length} stale={filters.stale} />
      </div>
      <VirtualTable data={rows} predicate={filters.predicate} filter="" filterText={() => ""} rowKey={(r) => r.key} {...table} />
    </>
  );
}

const mono = (text: string) => (
  <span className="font-mono text-xs" title={text}>
    {text}
  </span>
);

// ---- columns shared by both kinds ---------------------------------------------------------------

type Reported = { account: string; firstSeenAt: string; isNew: boolean; suppressedBy: string | null };

function sharedColumns<T extends Filterable & Reported>() {
  const col = createColumnHelper<T>();
  return {
    // Sorted by name (accounts without one by id, after those with one).
    account: col.accessor((r) => r.accountName || `~${r.account}`, { id: "account", header: "Account", sortingFn: "basic", meta: { width: "8.5rem" }, cell: (c) => <AccountName account={c.row.original.account} name={c.row.original.accountName} compact /> }),
    firstSeen: col.accessor((r) => `${r.isNew ? "1" : "0"}${r.firstSeenAt}`, {
      id: "firstSeen",
      header: "First seen",
      sortingFn: "basic",
      meta: { width: "10rem" },
      cell: (c) => (
        <span className="flex items-center gap-1 whitespace-nowrap text-xs">
          {c.row.original.isNew ? <NewBadge /> : null}
          <span title={c.row.original.firstSeenAt}>{formatTimestamp(c.row.original.firstSeenAt)}</span>
        </span>
      ),
    }),
    suppression: col.accessor((r) => r.suppressedBy ?? "", { id: "suppressedBy", header: "Muted by", sortingFn: "basic", meta: { width: "9rem" }, cell: (c) => <SuppressionRef id={c.getValue()} /> }),
  };
}

function SuppressionRef({ id }: { id: string }) {
  return (
    <a href="/audits/suppressions" className="font-mono text-xs text-blue-700 hover:underline" title={id}>
      {id.slice(0, 8)}
    </a>
  );
}

/** The muted findings of a kind: their own table, folded away. */
function MutedSection({ count, children }: { count: number; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <details className="rounded-lg border border-slate-200 bg-slate-50 px-4 py-2" data-testid="muted-findings">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Muted by suppressions ({formatCount(count)}): not counted</summary>
      <div className="mt-3 space-y-3">{children}</div>
    </details>
  );
}

// ---- untagged ------------------------------------------------------------------------------------

type UntaggedRow = Filterable & Reported & { key: string; instanceId: string; name: string; missing: string };
const untaggedCol = createColumnHelper<UntaggedRow>();
const untaggedShared = sharedColumns<UntaggedRow>();
// "basic" comparisons: TanStack's default for strings (alphanumeric) takes seconds on 100,000 rows.
const untaggedBase = [
  untaggedShared.account,
  untaggedCol.accessor("region", { header: "Region", sortingFn: "basic", meta: { width: "9rem" }, cell: (c) => mono(c.getValue()) }),
  untaggedCol.accessor("instanceId", { header: "Instance", sortingFn: "basic", meta: { width: "13rem" }, cell: (c) => mono(c.getValue()) }),
  untaggedCol.accessor("name", { header: "Name", sortingFn: "basic", meta: { width: "auto" }, cell: (c) => <span title={c.getValue()}>{c.getValue() || <span className="text-slate-400">(none)</span>}</span> }),
  untaggedCol.accessor("state", { header: "State", sortingFn: "basic", meta: { width: "8rem" } }),
  untaggedCol.accessor("missing", { header: "Missing keys", sortingFn: "basic", meta: { width: "12rem" }, cell: (c) => <span className="font-medium text-amber-800">{c.getValue()}</span> }),
  untaggedShared.firstSeen,
];
const untaggedMutedColumns = [...untaggedBase, untaggedShared.suppression];

export function UntaggedFindings({ auditId, requiredTags, accountNames = NO_NAMES }: { auditId: string; requiredTags: string[]; accountNames?: AccountNames }) {
  const query = useQuery(untaggedQuery(auditId));
  const all = useMemo<UntaggedRow[]>(
    () =>
      (query.data ?? []).map((f) => {
        const missing = f.missingTags.join(", ");
        const name = f.name ?? "";
        const accountName = accountNames[f.account] ?? "";
        return {
          key: `${f.account}/${f.region}/${f.instanceId}`,
          account: f.account,
          accountName,
          region: f.region,
          instanceId: f.instanceId,
          name,
          state: f.state,
          missing,
          firstSeenAt: f.firstSeenAt,
          isNew: f.isNew,
          suppressedBy: f.suppressedBy,
          haystack: `${f.account} ${accountName} ${f.instanceId} ${name} ${missing}`.toLowerCase(),
        };
      }),
    [query.data, accountNames],
  );
  const rows = useMemo(() => all.filter((r) => r.suppressedBy === null), [all]);
  const muted = useMemo(() => all.filter((r) => r.suppressedBy !== null), [all]);
  const filters = useFilters(rows);
  const mutedFilters = useFilters(muted);
  return (
    <Section
      id="untagged-heading"
      title="Untagged instances"
      count={query.data ? <span className="text-slate-500">({formatCount(rows.length)})</span> : null}
      description={<>Instances of every state missing at least one of {requiredTags.map((t) => <code key={t} className="mx-0.5 rounded bg-slate-100 px-1">{t}</code>)} (case-insensitive; an empty value counts as missing).</>}
      actions={<ExportLinks auditId={auditId} kind="untagged" />}
    >
      <FindingsBody
        query={query}
        rows={rows}
        filters={filters}
        what="untagged instances"
        allClear={muted.length > 0 ? "Every instance that counts has the required tags." : "Every instance has the required tags."}
        search={{ placeholder: "Search id, Name, missing key" }}
        table={{ columns: untaggedBase, label: "Untagged instances", initialSorting: [{ id: "firstSeen", desc: true }], emptyMessage: "No untagged instance matches these filters." }}
      />
      <MutedSection count={muted.length}>
        <FindingsBody query={query} rows={muted} filters={mutedFilters} what="muted untagged instances" allClear="" search={{ placeholder: "Search id, Name, missing key" }} table={{ columns: untaggedMutedColumns, label: "Muted untagged instances", emptyMessage: "No muted instance matches these filters." }} />
      </MutedSection>
    </Section>
  );
}

// ---- open ingress --------------------------------------------------------------------------------

type OpenRow = Filterable &
  Reported & {
    key: string;
    instanceId: string;
    name: string;
    groupId: string;
    groupName: string;
    protocol: string;
    ports: string;
    fromPort: number;
    cidr: string;
    severity: Severity;
  };
const openCol = createColumnHelper<OpenRow>();
const openShared = sharedColumns<OpenRow>();
const openBase = [
  openCol.accessor((r) => SEVERITY_RANK[r.severity], { id: "severity", header: "Severity", sortingFn: "basic", meta: { width: "6rem" }, cell: (c) => <SeverityBadge severity={c.row.original.severity} /> }),
  openShared.account,
  openCol.accessor("region", { header: "Region", sortingFn: "basic", meta: { width: "7.75rem" }, cell: (c) => mono(c.getValue()) }),
  openCol.accessor("instanceId", { header: "Instance", sortingFn: "basic", meta: { width: "10.5rem" }, cell: (c) => mono(c.getValue()) }),
  openCol.accessor("name", { header: "Name", sortingFn: "basic", meta: { width: "auto" }, cell: (c) => <span title={c.getValue()}>{c.getValue() || <span className="text-slate-400">(none)</span>}</span> }),
  openCol.accessor("groupId", { header: "Group", sortingFn: "basic", meta: { width: "10.75rem" }, cell: (c) => <span title={c.row.original.groupName}>{mono(c.getValue())}</span> }),
  openCol.accessor("protocol", { header: "Protocol", sortingFn: "basic", meta: { width: "5.25rem" } }),
  openCol.accessor("fromPort", { header: "Ports", sortingFn: "basic", meta: { width: "6.5rem" }, cell: (c) => c.row.original.ports }),
  openCol.accessor("cidr", { header: "CIDR", sortingFn: "basic", meta: { width: "6.25rem" }, cell: (c) => mono(c.getValue()) }),
  openShared.firstSeen,
];
// The muted table leaves the Name out for the suppression's column.
const openMutedColumns = [...openBase.filter((c) => c.id !== "name"), openShared.suppression];

export function OpenIngressFindings({ auditId, accountNames = NO_NAMES }: { auditId: string; accountNames?: AccountNames }) {
  const query = useQuery(openIngressQuery(auditId));
  const all = useMemo<OpenRow[]>(
    () =>
      (query.data ?? []).flatMap((f) =>
        f.permissions.map((p, i) => {
          const name = f.name ?? "";
          const ports = formatPorts(p);
          const accountName = accountNames[f.account] ?? "";
          return {
            key: `${f.account}/${f.region}/${f.instanceId}/${f.suppressedBy ?? ""}/${i}`,
            account: f.account,
            accountName,
            region: f.region,
            instanceId: f.instanceId,
            name,
            state: f.state,
            groupId: p.groupId,
            groupName: p.groupName,
            protocol: formatProtocol(p.protocol),
            ports,
            fromPort: p.fromPort ?? -2,
            cidr: p.cidr,
            severity: p.severity,
            firstSeenAt: p.firstSeenAt,
            isNew: p.isNew,
            suppressedBy: f.suppressedBy,
            haystack: `${f.account} ${accountName} ${f.instanceId} ${name} ${p.groupId} ${p.groupName} ${ports} ${p.cidr}`.toLowerCase(),
          };
        }),
      ),
    [query.data, accountNames],
  );
  const rows = useMemo(() => all.filter((r) => r.suppressedBy === null), [all]);
  const muted = useMemo(() => all.filter((r) => r.suppressedBy !== null), [all]);
  const [severity, setSeverity] = useState("");
  const bySeverity = useMemo(() => (severity === "" ? undefined : (r: OpenRow) => r.severity === severity), [severity]);
  const filters = useFilters(rows, bySeverity);
  const mutedFilters = useFilters(muted);
  const instances = new Set(rows.map((r) => `${r.account}/${r.region}/${r.instanceId}`)).size;
  return (
    <Section
      id="open-ingress-heading"
      title="Open to the internet"
      count={query.data ? <span className="text-slate-500">({formatCount(instances)} instances, {formatCount(rows.length)} rules)</span> : null}
      description="Ingress rules from 0.0.0.0/0 or ::/0 on the instance's groups and its network interfaces' groups. Critical: all ports, SSH, Telnet, RDP, database and cache ports; info: ICMP."
      actions={<ExportLinks auditId={auditId} kind="open-ingress" />}
    >
      <FindingsBody
        query={query}
        rows={rows}
        filters={filters}
        what="open ingress"
        allClear={muted.length > 0 ? "Nothing that counts is open to the whole internet." : "No instance accepts traffic from the whole internet."}
        search={{ placeholder: "Search id, Name, group, port" }}
        extraSelects={<Select label="Severity" value={severity} onChange={setSeverity} options={SEVERITIES} all="all severities" />}
        table={{ columns: openBase, label: "Open ingress", initialSorting: [{ id: "severity", desc: false }], emptyMessage: "No open rule matches these filters." }}
      />
      <MutedSection count={muted.length}>
        <FindingsBody query={query} rows={muted} filters={mutedFilters} what="muted open ingress" allClear="" search={{ placeholder: "Search id, Name, group, port" }} table={{ columns: openMutedColumns, label: "Muted open ingress", emptyMessage: "No muted rule matches these filters." }} />
      </MutedSection>
    </Section>
  );
}
