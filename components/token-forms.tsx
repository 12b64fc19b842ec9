"use client";

import { useActionState } from "react";
import { createTokenAction, revokeTokenAction } from "@/app/settings/tokens/actions";
import { initialActionState } from "@/app/_lib/action-state";
import { ActionMessage, inputClass, primaryButton } from "./form-bits";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, initialActionState);
  return (
    <div className="space-y-3">
      <form action={action} className="grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-[2fr_1fr_1fr_auto] sm:items-end" aria-label="Create API token">
        <label className="text-sm font-medium">
          Name
          <input name="name" required maxLength={100} placeholder="ci-main" autoComplete="off" className={inputClass} />
        </label>
        <label className="text-sm font-medium">
          Role
          <select name="role" defaultValue="viewer" className={inputClass}>
            <option value="viewer">viewer</option>
            <option value="operator">operator</option>
          </select>
        </label>
        <label className="text-sm font-medium">
          Expires
          <select name="expiresInDays" defaultValue="90" className={inputClass}>
            <option value="7">in 7 days</option>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </select>
        </label>
        <button type="submit" disabled={pending} className={primaryButton}>
          {pending ? "Creating…" : "Create token"}
        </button>
      </form>
      <ActionMessage state={state} />
      {state.secret ? (
        <div className="rounded-md border border-emerald-300 bg-emerald-50 p-3 text-sm">
          <label className="block font-medium text-emerald-900">
            New token (shown once)
            <input readOnly value={state.secret} data-testid="new-token" onFocus={(e) => e.currentTarget.select()} className="mt-1 block w-full rounded border border-emerald-300 bg-white px-2 py-1 font-mono text-xs" />
          </label>
        </div>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ id, name }: { id: string; name: string }) {
  const [state, action, pending] = useActionState(revokeTokenAction, initialActionState);
  return (
    <form
      action={action}
      onSubmit={(e) => {
        if (!window.confirm(`Revoke ${name}? Jobs using it get 401 from now on.`)) e.preventDefault();
      }}
    >
      <input type="hidden" name="tokenId" value={id} />
      <button type="submit" disabled={pending} className="rounded px-2 py-1 text-red-700 hover:bg-red-50">
        Revoke
      </button>
      <ActionMessage state={state} />
    </form>
  );
}
