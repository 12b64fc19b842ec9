import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { AuditHistoryTable, type HistoryRow } from "@/components/audits/audit-history-table";
import { AutoRefresh } from "@/components/audits/auto-refresh";
import { AuditsNav } from "@/components/audits/audits-nav";
import { StartAuditForm } from "@/components/audits/start-audit-form";
import { TrendsChart } from "@/components/audits/trends-chart";
import { auditStore, previousOfSameScope, type AuditDto } from "@/lib/audits-store";
import { listAccounts } from "@/lib/audits-store/accounts";
import { scopeTrends } from "@/lib/audits-store/trends";
import { db } from "@/lib/db/client";
import { currentPrincipal } from "../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Fleet audits" };

/** Each audit with the previous finished audit of the same regions and tag keys. */
function withPrevious(audits: AuditDto[]): HistoryRow[] {
  return audits.map((audit) => ({ ...audit, previousId: previousOfSameScope(audits, audit)?.id ?? null }));
}

export default async function AuditsPage() {
  const [audits, principal, accounts] = await Promise.all([auditStore().list(), currentPrincipal(), listAccounts(db())]);
  const trends = scopeTrends(audits).slice(0, 4);
  const knownRegions = [...new Set(audits.flatMap((a) => a.regions.map((r) => r.region)))].sort();
  const running = audits.some((a) => a.status === "running");
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Fleet audits</h1>
          <p className="text-sm text-slate-600">
            Scan every enabled AWS region of every account in parallel for instances, instances missing required tags, and security groups open to the internet.
          </p>
        </div>
        {audits.filter((a) => a.findingsAvailable).length >= 2 ? (
          <Link href="/audits/compare" className="text-sm text-blue-700 hover:underline">
            Compare two scans
          </Link>
        ) : null}
      </div>
      <AuditsNav current="scans" />
      {principal?.role === "operator" ? (
        <StartAuditForm knownRegions={knownRegions} accounts={accounts.map((a) => ({ accountId: a.accountId, name: a.name }))} />
      ) : (
        <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">Starting a scan needs the operator role; you can read every report.</p>
      )}
      {trends.length > 0 ? (
        <section className="space-y-3" aria-labelledby="trends-heading">
          <h2 id="trends-heading" className="text-lg font-semibold">
            Trends
          </h2>
          <p className="text-sm text-slate-600">Per scope, one point per finished scan; muted findings are not counted.</p>
          <TrendsChart trends={trends} />
        </section>
      ) : null}
      <section className="space-y-3" aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        {audits.length === 0 ? (
          <EmptyState title="No scans yet">
            <p>Start one above, or from a shell (an operator token when sign-in is on):</p>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
              {`curl -fsS -H 'content-type: application/json' -d '{"regions":"all","requiredTags":["Owner"]}' http://127.0.0.1:3000/api/audits`}
            </pre>
            <p className="mt-3">The server reads AWS credentials the standard way: environment, AWS_PROFILE, ECS task role or instance profile.</p>
          </EmptyState>
        ) : (
          <AuditHistoryTable audits={withPrevious(audits)} />
        )}
      </section>
      {running ? <AutoRefresh everyMs={2000} /> : null}
    </div>
  );
}
