"use client";

import { useActionState, useState } from "react";
import { Radar } from "lucide-react";
import { startAuditAction } from "@/app/audits/actions";
import { initialActionState } from "@/app/_lib/action-state";
import { ActionMessage, inputClass, primaryButton } from "../form-bits";

type Account = { accountId: string; name: string };
type FieldErrors = { regions?: unknown; requiredTags?: unknown } | undefined;

function Radio({ name, value, checked, disabled, onSelect, children }: { name: string; value: string; checked: boolean; disabled?: boolean; onSelect: () => void; children: React.ReactNode }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      <input type="radio" name={name} value={value} disabled={disabled} checked={checked} onChange={onSelect} />
      {children}
    </label>
  );
}

/** The server's own credentials, every registered account, or the accounts ticked. */
function AccountsFieldset({ accounts }: { accounts: Account[] }) {
  const [scope, setScope] = useState<"self" | "all" | "chosen">(accounts.length > 0 ? "all" : "self");
  const none = accounts.length === 0;
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Accounts</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-1">
        <Radio name="accounts" value="self" checked={scope === "self"} onSelect={() => setScope("self")}>
          The server&apos;s own credentials
        </Radio>
        <Radio name="accounts" value="all" disabled={none} checked={scope === "all"} onSelect={() => setScope("all")}>
          All registered accounts ({accounts.length})
        </Radio>
        <Radio name="accounts" value="chosen" disabled={none} checked={scope === "chosen"} onSelect={() => setScope("chosen")}>
          Chosen accounts
        </Radio>
      </div>
      {scope === "chosen" ? (
        <div className="grid grid-cols-1 gap-x-4 gap-y-1 pl-6 sm:grid-cols-2 lg:grid-cols-3" role="group" aria-label="Accounts to scan">
          {accounts.map((a) => (
            <label key={a.accountId} className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="account" value={a.accountId} />
              {a.name} <span className="font-mono text-xs text-slate-500">{a.accountId}</span>
            </label>
          ))}
        </div>
      ) : null}
    </fieldset>
  );
}

/** Every enabled region, or those ticked (seen in earlier scans) and typed. */
function RegionsFieldset({ knownRegions, errors }: { knownRegions: string[]; errors: FieldErrors }) {
  const [scope, setScope] = useState<"all" | "chosen">("all");
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Regions</legend>
      <Radio name="scope" value="all" checked={scope === "all"} onSelect={() => setScope("all")}>
        All enabled regions <span className="text-slate-500">(regions not opted in are skipped)</span>
      </Radio>
      <Radio name="scope" value="chosen" checked={scope === "chosen"} onSelect={() => setScope("chosen")}>
        Chosen regions
      </Radio>
      {scope === "chosen" ? (
        <div className="space-y-2 pl-6">
          {knownRegions.length > 0 ? (
            <div className="grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3 lg:grid-cols-4" role="group" aria-label="Regions seen in earlier scans">
              {knownRegions.map((region) => (
                <label key={region} className="flex items-center gap-2 font-mono text-xs">
                  <input type="checkbox" name="region" value={region} />
                  {region}
                </label>
              ))}
            </div>
          ) : null}
          <label className="block text-sm font-medium">
            {knownRegions.length > 0 ? "Other regions" : "Region names"}
            <input name="moreRegions" placeholder="eu-west-1 us-east-2" autoComplete="off" spellCheck={false} className={`${inputClass} font-mono`} aria-invalid={errors?.regions ? true : undefined} />
          </label>
        </div>
      ) : null}
    </fieldset>
  );
}

function RequiredTagsField({ errors }: { errors: FieldErrors }) {
  return (
    <div className="space-y-1">
      <label className="block text-sm font-medium">
        Required tag keys
        <input
          name="requiredTags"
          defaultValue="Owner"
          autoComplete="off"
          spellCheck={false}
          className={inputClass}
          aria-describedby="required-tags-help"
          aria-invalid={errors?.requiredTags ? true : undefined}
        />
      </label>
      <p id="required-tags-help" className="text-xs text-slate-500">
        Up to 6, separated by commas. Keys match case-insensitively; an empty value counts as missing.
      </p>
    </div>
  );
}

/**
 * Starts a scan: every enabled region, or the regions ticked (those seen in earlier scans) and
 * typed; up to 6 required tag keys. A scan of the same scope already running is joined.
 */
export function StartAuditForm({ knownRegions, accounts }: { knownRegions: string[]; accounts: Account[] }) {
  const [state, action, pending] = useActionState(startAuditAction, initialActionState);
  return (
    <form action={action} aria-label="Start a scan" className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <AccountsFieldset accounts={accounts} />
      <div className="grid gap-4 md:grid-cols-[3fr_2fr]">
        <RegionsFieldset knownRegions={knownRegions} errors={state.errors} />
        <RequiredTagsField errors={state.errors} />
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>
          <Radar className="h-4 w-4" aria-hidden /> {pending ? "Starting…" : "Start scan"}
        </button>
        <ActionMessage state={state} />
      </div>
    </form>
  );
}
