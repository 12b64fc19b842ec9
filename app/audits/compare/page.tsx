import Link from "next/link";
import { AuditComparisonView } from "@/components/audits/audit-comparison";
import { EmptyState } from "@/components/empty-state";
import { auditStore, type AuditDto } from "@/lib/audits-store";
import { formatCount, formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare audits" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

function label(a: AuditDto): string {
  const regions = a.regionsRequested === "all" ? "all regions" : `${a.regionsRequested.length} region${a.regionsRequested.length === 1 ? "" : "s"}`;
  return `${formatTimestamp(a.startedAt)} · ${regions} · ${a.requiredTags.join(", ")} · ${formatCount(a.summary.instances)} instances${a.demo ? " · demo" : ""}`;
}

function Picker({ audits, base, target }: { audits: AuditDto[]; base?: string; target?: string }) {
  const select = "mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-2 text-sm focus:border-blue-500 focus:outline-none focus:ring-1 focus:ring-blue-500";
  return (
    <form method="get" action="/audits/compare" aria-label="Choose two audits" className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:grid-cols-[1fr_1fr_auto] md:items-end">
      <label className="text-sm font-medium">
        Base (older)
        <select name="base" defaultValue={base ?? audits[1]?.id} className={select}>
          {audits.map((a) => (
            <option key={a.id} value={a.id}>
              {label(a)}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm font-medium">
        Target (newer)
        <select name="target" defaultValue={target ?? audits[0]?.id} className={select}>
          {audits.map((a) => (
            <option key={a.id} value={a.id}>
              {label(a)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2">
        Compare
      </button>
    </form>
  );
}

export default async function CompareAuditsPage({ searchParams }: Props) {
  const query = await searchParams;
  const baseId = one(query.base);
  const targetId = one(query.target);
  const audits = (await auditStore().list()).filter((a) => a.findingsAvailable);
  const base = audits.find((a) => a.id === baseId);
  const target = audits.find((a) => a.id === targetId);

  return (
    <div className="space-y-6">
      <div>
        <Link href="/audits" className="text-sm text-blue-700 hover:underline">
          ← All audits
        </Link>
        <h1 className="mt-2 text-2xl font-semibold">Compare audits</h1>
        <p className="text-sm text-slate-600">Findings that are new in the target, resolved since the base, and unchanged.</p>
      </div>
      {audits.length < 2 ? (
        <EmptyState title="Two finished scans are needed">
          Run a scan on the <Link href="/audits" className="text-blue-700 underline">audits page</Link>, then another one later, and compare them here.
        </EmptyState>
      ) : (
        <>
          <Picker audits={audits} base={base?.id} target={target?.id ?? targetId} />
          {(baseId && !base) || (targetId && !target && baseId) ? (
            <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
              {!base ? `No finished audit has the id ${baseId}` : `No finished audit has the id ${targetId}`}: pick two from the lists.
            </p>
          ) : null}
          {base && target ? <AuditComparisonView base={base} target={target} /> : null}
        </>
      )}
    </div>
  );
}
