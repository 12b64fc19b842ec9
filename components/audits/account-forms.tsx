"use client";

import { useState } from "react";
import { inputClass, primaryButton } from "../form-bits";
import { cardClass, Outcome, useApiAction } from "./api-action";

/** Adds one account: its id, a name, the role to assume in it and an optional external id. */
export function AddAccountForm() {
  const { run, pending, outcome } = useApiAction();
  const [accountId, setAccountId] = useState("");
  const [roleArn, setRoleArn] = useState("");
  return (
    <form
      aria-label="Add an account"
      className={cardClass}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const externalId = String(form.get("externalId") ?? "").trim();
        void run("POST", "/api/accounts", { accountId, name: String(form.get("name") ?? ""), roleArn, ...(externalId ? { externalId } : {}) }, "Account saved.");
      }}
    >
      <h2 className="text-lg font-semibold">Add an account</h2>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block text-sm font-medium">
          Account id
          <input name="accountId" required inputMode="numeric" placeholder="123456789012" value={accountId} className={`${inputClass} font-mono`}
            onChange={(e) => {
              setAccountId(e.target.value.trim());
              if (!roleArn || /^arn:aws:iam::\d*:role\/FleetscopeAudit$/.test(roleArn)) setRoleArn(`arn:aws:iam::${e.target.value.trim()}:role/FleetscopeAudit`);
            }}
          />
        </label>
        <label className="block text-sm font-medium">
          Name
          <input name="name" placeholder="prod" className={inputClass} />
        </label>
        <label className="block text-sm font-medium">
          Role to assume
          <input name="roleArn" required value={roleArn} onChange={(e) => setRoleArn(e.target.value.trim())} placeholder="arn:aws:iam::123456789012:role/FleetscopeAudit" className={`${inputClass} font-mono`} />
        </label>
        <label className="block text-sm font-medium">
          External id <span className="font-normal text-slate-500">(optional)</span>
          <input name="externalId" autoComplete="off" className={inputClass} />
        </label>
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Saving…" : "Save account"}</button>
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}

/** Imports every account of the organisation (AWS Organizations ListAccounts) with one role name. */
export function ImportAccountsForm() {
  const { run, pending, outcome } = useApiAction();
  return (
    <form
      aria-label="Import from AWS Organizations"
      className={cardClass}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const externalId = String(form.get("externalId") ?? "").trim();
        void run("POST", "/api/accounts/import", { roleName: String(form.get("roleName") ?? "").trim(), ...(externalId ? { externalId } : {}) }, "Accounts imported.");
      }}
    >
      <h2 className="text-lg font-semibold">Import from AWS Organizations</h2>
      <p className="text-sm text-slate-600">Lists every account of the organisation (from the management or a delegated administrator account) and assumes the same role in each.</p>
      <div className="grid gap-3 md:grid-cols-2">
        <label className="block text-sm font-medium">
          Role name
          <input name="roleName" required defaultValue="FleetscopeAudit" className={`${inputClass} font-mono`} />
        </label>
        <label className="block text-sm font-medium">
          External id <span className="font-normal text-slate-500">(optional)</span>
          <input name="externalId" autoComplete="off" className={inputClass} />
        </label>
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Importing…" : "Import accounts"}</button>
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}
