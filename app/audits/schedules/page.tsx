import { EmptyState } from "@/components/empty-state";
import { RemoveButton, tableClass, tdClass, thClass } from "@/components/audits/api-action";
import { AuditsNav } from "@/components/audits/audits-nav";
import { AddScheduleForm, WebhookForm } from "@/components/audits/schedule-forms";
import { listAccounts } from "@/lib/audits-store/accounts";
import { listSchedules } from "@/lib/audits-store/schedules";
import { getWebhook } from "@/lib/audits-store/webhook";
import { db } from "@/lib/db/client";
import { formatTimestamp } from "@/lib/format";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit schedules" };

const scope = (value: "all" | string[], all: string) => (value === "all" ? all : value.join(", "));

export default async function SchedulesPage() {
  const [schedules, webhook, accounts, principal] = await Promise.all([listSchedules(db()), getWebhook(db()), listAccounts(db()), currentPrincipal()]);
  const operator = principal?.role === "operator";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Fleet audits</h1>
        <p className="text-sm text-slate-600">Scans that start by themselves, once per period across every replica; the history marks the scans a schedule started.</p>
      </div>
      <AuditsNav current="schedules" />
      <section aria-labelledby="schedules-heading" className="space-y-3">
        <h2 id="schedules-heading" className="text-lg font-semibold">Schedules ({schedules.length})</h2>
        {schedules.length === 0 ? (
          <EmptyState title="No schedules">
            <p>Scans run only when someone starts them.</p>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className={tableClass} aria-label="Schedules">
              <thead className="border-b border-slate-200 bg-slate-50">
                <tr>
                  <th className={thClass}>Every</th>
                  <th className={thClass}>Accounts</th>
                  <th className={thClass}>Regions</th>
                  <th className={thClass}>Required tags</th>
                  <th className={thClass}>Added</th>
                  {operator ? <th className={thClass}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {schedules.map((s) => (
                  <tr key={s.id} data-testid={`schedule-row-${s.id}`}>
                    <td className={tdClass}>{s.everyHours} h</td>
                    <td className={tdClass}>{scope(s.accounts, "all registered accounts").replace(/^self$/, "own credentials")}</td>
                    <td className={tdClass}>{scope(s.regions, "all enabled regions")}</td>
                    <td className={tdClass}>{s.requiredTags.join(", ")}</td>
                    <td className={tdClass}>{formatTimestamp(s.createdAt)} by {s.createdBy}</td>
                    {operator ? <td className={tdClass}><RemoveButton url={`/api/audit-schedules/${s.id}`} label={`Remove the schedule every ${s.everyHours} h`} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {operator ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <AddScheduleForm hasAccounts={accounts.length > 0} />
          <WebhookForm masked={webhook?.url ?? null} />
        </div>
      ) : (
        <p className="text-sm text-slate-600">Schedules and alerts are set by operators{webhook ? `; alerts go to ${webhook.url}` : ""}.</p>
      )}
    </div>
  );
}
