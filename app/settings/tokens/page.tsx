import { db } from "@/lib/db/client";
import { listTokens } from "@/lib/auth/api-tokens";
import { CreateTokenForm, RevokeTokenButton } from "@/components/token-forms";
import { SettingsNav } from "@/components/settings-nav";
import { formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "API tokens" };

function status(t: { revokedAt: string | null; expiresAt: string | null }, now: number) {
  if (t.revokedAt) return <span className="text-slate-500">revoked</span>;
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return <span className="text-amber-700">expired</span>;
  return <span className="text-emerald-700">active</span>;
}

export default async function TokensPage() {
  const tokens = await listTokens(db());
  const now = Date.now();
  return (
    <div className="space-y-6">
      <SettingsNav current="tokens" />
      <div>
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="text-sm text-slate-600">
          For CI and batch jobs: <code>curl -H &quot;Authorization: Bearer $FLEETSCOPE_TOKEN&quot; …</code>. Only a hash is stored; revoking takes effect at once.
        </p>
      </div>
      <CreateTokenForm />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm" aria-label="API tokens">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Name</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Token</th>
              <th className="px-3 py-2">Created</th>
              <th className="px-3 py-2">Expires</th>
              <th className="px-3 py-2">Last used</th>
              <th className="px-3 py-2">Status</th>
              <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {tokens.length === 0 ? (
              <tr>
                <td colSpan={8} className="px-3 py-6 text-center text-slate-500">No tokens yet.</td>
              </tr>
            ) : (
              tokens.map((t) => (
                <tr key={t.id} data-testid={`token-row-${t.name}`}>
                  <td className="px-3 py-2 font-medium">{t.name}</td>
                  <td className="px-3 py-2">{t.role}</td>
                  <td className="px-3 py-2 font-mono text-xs">{t.hint}…</td>
                  <td className="px-3 py-2 whitespace-nowrap">{formatTimestamp(t.createdAt)} by {t.createdBy}</td>
                  <td className="px-3 py-2 whitespace-nowrap">{t.expiresAt ? formatTimestamp(t.expiresAt) : "never"}</td>
                  <td className="px-3 py-2 whitespace-nowrap" data-testid="last-used">{t.lastUsedAt ? formatTimestamp(t.lastUsedAt) : "never"}</td>
                  <td className="px-3 py-2">{status(t, now)}</td>
                  <td className="px-3 py-2 text-right">{t.revokedAt ? null : <RevokeTokenButton id={t.id} name={t.name} />}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
