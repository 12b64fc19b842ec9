import { db } from "@/lib/db/client";
import { listUsers } from "@/lib/auth/users";
import { authEnabled } from "@/lib/auth/auth-mode";
import { AddUserForm, UserRow } from "@/components/user-forms";
import { SettingsNav } from "@/components/settings-nav";
import { formatTimestamp } from "@/lib/format";

export const dynamic = "force-dynamic";
export const metadata = { title: "Users" };

export default async function UsersPage() {
  const users = await listUsers(db());
  const enabled = await authEnabled(db());
  return (
    <div className="space-y-6">
      <SettingsNav current="users" />
      <div>
        <h1 className="text-2xl font-semibold">Users</h1>
        <p className="text-sm text-slate-600">
          Viewers browse profiles, merges and audits and download files. Operators also upload, delete, merge, run scans and manage users and tokens.
          {enabled ? null : " Adding the first user turns sign-in on."}
        </p>
      </div>
      <AddUserForm />
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
        <table className="w-full text-left text-sm" aria-label="Users">
          <thead className="border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-3 py-2">Username</th>
              <th className="px-3 py-2">Role</th>
              <th className="px-3 py-2">Added</th>
              <th className="px-3 py-2">Added by</th>
              <th className="px-3 py-2"><span className="sr-only">Actions</span></th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {users.length === 0 ? (
              <tr>
                <td colSpan={5} className="px-3 py-6 text-center text-slate-500">No users yet.</td>
              </tr>
            ) : (
              users.map((u) => <UserRow key={u.id} user={u} added={formatTimestamp(u.createdAt)} />)
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
