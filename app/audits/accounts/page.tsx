import { EmptyState } from "@/components/empty-state";
import { AddAccountForm, ImportAccountsForm } from "@/components/audits/account-forms";
import { RemoveButton, tableClass, tdClass, thClass } from "@/components/audits/api-action";
import { AuditsNav } from "@/components/audits/audits-nav";
import { listAccounts } from "@/lib/audits-store/accounts";
import { db } from "@/lib/db/client";
import { formatTimestamp } from "@/lib/format";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Accounts" };

export default async function AccountsPage() {
  const [accounts, principal] = await Promise.all([listAccounts(db()), currentPrincipal()]);
  const operator = principal?.role === "operator";
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Fleet audits</h1>
        <p className="text-sm text-slate-600">Accounts a scan of &ldquo;all accounts&rdquo; covers: each role is assumed with STS, its credentials renewed before they expire.</p>
      </div>
      <AuditsNav current="accounts" />
      <section aria-labelledby="accounts-heading" className="space-y-3">
        <h2 id="accounts-heading" className="text-lg font-semibold">Accounts ({accounts.length})</h2>
        {accounts.length === 0 ? (
          <EmptyState title="No accounts yet">
            <p>Scans use the server&apos;s own credentials until you add accounts here, or import them from AWS Organizations.</p>
          </EmptyState>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
            <table className={tableClass} aria-label="Accounts">
              <thead className="border-b border-slate-200 bg-slate-50">
                <tr>
                  <th className={thClass}>Account</th>
                  <th className={thClass}>Name</th>
                  <th className={thClass}>Role</th>
                  <th className={thClass}>Source</th>
                  <th className={thClass}>Added</th>
                  {operator ? <th className={thClass}><span className="sr-only">Actions</span></th> : null}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {accounts.map((a) => (
                  <tr key={a.accountId} data-testid={`account-row-${a.accountId}`}>
                    <td className={`${tdClass} font-mono text-xs`}>{a.accountId}</td>
                    <td className={tdClass}>{a.name}</td>
                    <td className={`${tdClass} font-mono text-xs`}>{a.roleArn}{a.externalId ? <span className="ml-1 text-slate-500">(external id set)</span> : null}</td>
                    <td className={tdClass}>
                      {a.source === "organizations" ? "AWS Organizations" : "added by hand"}
                      {a.orgStatus && a.orgStatus !== "ACTIVE" ? <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">{a.orgStatus}</span> : null}
                    </td>
                    <td className={`${tdClass} text-slate-600`}>{formatTimestamp(a.createdAt)} by {a.createdBy}</td>
                    {operator ? <td className={tdClass}><RemoveButton url={`/api/accounts/${a.accountId}`} label={`Remove account ${a.accountId}`} /></td> : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {operator ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <AddAccountForm />
          <ImportAccountsForm />
        </div>
      ) : (
        <p className="text-sm text-slate-600">Adding accounts needs the operator role.</p>
      )}
    </div>
  );
}
