import { EmptyState } from "@/components/empty-state";
import { RemoveButton, tableClass, tdClass, thClass } from "@/components/audits/api-action";
import { AuditsNav } from "@/components/audits/audits-nav";
import { AddSuppressionForm } from "@/components/audits/suppression-forms";
import { isActive } from "@/lib/audit/suppressions";
import { listSuppressions } from "@/lib/audits-store/suppressions-store";
import { db } from "@/lib/db/client";
import { formatTimestamp } from "@/lib/format";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Suppressions" };

export default async function SuppressionsPage() {
  const [suppressions, principal] = await Promise.all([listSuppressions(db()), currentPrincipal()]);
  const operator = principal?.role === "operator";
  const now = Date.now();
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Fleet audits</h1>
        <p className="text-sm text-slate-600">Intended findings, muted: not counted in summaries and trends, shown apart in reports, marked in exports. An expired suppression stops muting by itself.</p>
      </div>
      <AuditsNav current="suppressions" />
      <section aria-labelledby="suppressions-heading" className="space-y-3">
        <h2 id="suppressions-heading" className="text-lg font-semibold">Suppressions ({suppressions.length})</h2>
        {suppressions.length === 0 ? (
          <EmptyState title="Nothing is muted">
            <p>Every finding counts. Add a suppression for a public bastion or a load-testing account.</p>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className={tableClass} aria-label="Suppressions">
              <thead className="border-b border-slate-200 bg-slate-50">
                <tr>
                  <th className={thClass}>Matches</th>
                  <th className={thClass}>Reason</th>
                  <th className={thClass}>Added</th>
                  <th className={thClass}>Expires</th>
                  {operator ? <th className={thClass}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {suppressions.map((s) => (
                  <tr key={s.id} data-testid={`suppression-row-${s.id}`} className={isActive(s, now) ? "" : "text-slate-400"}>
                    <td className={`${tdClass} font-mono text-xs`}>
                      {Object.entries(s.match).map(([k, v]) => (
                        <span key={k} className="mr-2 inline-block rounded bg-slate-100 px-1.5 py-0.5">{k}: {v}</span>
                      ))}
                    </td>
                    <td className={tdClass}>{s.reason}</td>
                    <td className={tdClass}>{formatTimestamp(s.createdAt)} by {s.createdBy}</td>
                    <td className={tdClass}>{s.expiresAt ? `${formatTimestamp(s.expiresAt)}${isActive(s, now) ? "" : " (expired)"}` : "never"}</td>
                    {operator ? <td className={tdClass}><RemoveButton url={`/api/suppressions/${s.id}`} label={`Remove suppression ${s.reason}`} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {operator ? <AddSuppressionForm /> : <p className="text-sm text-slate-600">Adding suppressions needs the operator role.</p>}
    </div>
  );
}
