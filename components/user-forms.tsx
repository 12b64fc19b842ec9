"use client";

import { useActionState } from "react";
import { addUserAction, changeRoleAction, deleteUserAction } from "@/app/settings/users/actions";
import { initialActionState } from "@/app/_lib/action-state";
import type { UserDto } from "@/lib/auth/users";
import { ActionMessage, inputClass, primaryButton } from "./form-bits";

export function AddUserForm() {
  const [state, action, pending] = useActionState(addUserAction, initialActionState);
  return (
    <form action={action} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[1fr_1fr_auto_auto] sm:items-end" aria-label="Add user">
      <label className="text-sm font-medium">
        Username
        <input name="username" required autoComplete="off" className={inputClass} aria-invalid={Boolean(state.errors?.username)} />
      </label>
      <label className="text-sm font-medium">
        Password (12+ characters)
        <input name="password" type="password" required minLength={12} autoComplete="new-password" className={inputClass} aria-invalid={Boolean(state.errors?.password)} />
      </label>
      <label className="text-sm font-medium">
        Role
        <select name="role" defaultValue="viewer" className={inputClass}>
          <option value="viewer">viewer</option>
          <option value="operator">operator</option>
        </select>
      </label>
      <button type="submit" disabled={pending} className={primaryButton}>
        {pending ? "Adding…" : "Add user"}
      </button>
      <div className="sm:col-span-4">
        <ActionMessage state={state} />
      </div>
    </form>
  );
}

export function UserRow({ user, added }: { user: UserDto; added: string }) {
  const [roleState, roleAction, rolePending] = useActionState(changeRoleAction, initialActionState);
  const [delState, delAction, delPending] = useActionState(deleteUserAction, initialActionState);
  const other = user.role === "operator" ? "viewer" : "operator";
  return (
    <tr data-testid={`user-row-${user.username}`}>
      <td className="px-3 py-2 font-medium">{user.username}</td>
      <td className="px-3 py-2">{user.role}</td>
      <td className="px-3 py-2 whitespace-nowrap">{added}</td>
      <td className="px-3 py-2">{user.createdBy}</td>
      <td className="px-3 py-2">
        <div className="flex items-center justify-end gap-2">
          <form action={roleAction}>
            <input type="hidden" name="userId" value={user.id} />
            <input type="hidden" name="role" value={other} />
            <button type="submit" disabled={rolePending} className="rounded px-2 py-1 text-blue-700 hover:bg-blue-50">
              Make {other}
            </button>
          </form>
          <form
            action={delAction}
            onSubmit={(e) => {
              if (!window.confirm(`Remove ${user.username}? Their sessions end at once.`)) e.preventDefault();
            }}
          >
            <input type="hidden" name="userId" value={user.id} />
            <button type="submit" disabled={delPending} className="rounded px-2 py-1 text-red-700 hover:bg-red-50">
              Remove
            </button>
          </form>
        </div>
        <ActionMessage state={roleState.message ? roleState : delState} />
      </td>
    </tr>
  );
}
