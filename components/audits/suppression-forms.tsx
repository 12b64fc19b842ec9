"use client";

import { inputClass, primaryButton } from "../form-bits";
import { cardClass, Outcome, useApiAction } from "./api-action";

const FIELDS = [
  { name: "instanceId", label: "Instance id", placeholder: "i-0123456789abcdef0" },
  { name: "groupId", label: "Security group id", placeholder: "sg-0123456789abcdef0" },
  { name: "tag", label: "Tag", placeholder: "Role=bastion" },
  { name: "account", label: "Account", placeholder: "123456789012" },
  { name: "region", label: "Region", placeholder: "eu-west-1" },
] as const;

/** Mutes intended findings: any combination of instance, group, tag, account and region, a reason, an optional expiry. */
export function AddSuppressionForm() {
  const { run, pending, outcome } = useApiAction();
  return (
    <form
      aria-label="Add a suppression"
      className={cardClass}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const match = Object.fromEntries(FIELDS.map((f) => [f.name, String(form.get(f.name) ?? "").trim()]).filter(([, v]) => v !== ""));
        const expires = String(form.get("expiresAt") ?? "");
        void run("POST", "/api/suppressions", { match, reason: String(form.get("reason") ?? ""), expiresAt: expires ? new Date(expires).toISOString() : null }, "Suppression added.");
      }}
    >
      <h2 className="text-lg font-semibold">Add a suppression</h2>
      <p className="text-sm text-slate-600">Fill in one or more fields: a finding is muted when every field given matches it. A group id mutes only that group&apos;s open rules.</p>
      <div className="grid gap-3 md:grid-cols-3">
        {FIELDS.map((f) => (
          <label key={f.name} className="block text-sm font-medium">
            {f.label}
            <input name={f.name} placeholder={f.placeholder} autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} />
          </label>
        ))}
        <label className="block text-sm font-medium">
          Expires <span className="font-normal text-slate-500">(optional)</span>
          <input name="expiresAt" type="datetime-local" className={inputClass} />
        </label>
      </div>
      <label className="block text-sm font-medium">
        Reason
        <input name="reason" required placeholder="public bastion, reviewed by security" className={inputClass} />
      </label>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Adding…" : "Add suppression"}</button>
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}
