"use client";

import { useState } from "react";
import { inputClass, primaryButton } from "../form-bits";
import { cardClass, Outcome, useApiAction } from "./api-action";

const words = (text: string) => text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean);

/** "Scan every N hours" for a scope. */
export function AddScheduleForm({ hasAccounts }: { hasAccounts: boolean }) {
  const { run, pending, outcome } = useApiAction();
  return (
    <form
      aria-label="Add a schedule"
      className={cardClass}
      onSubmit={(e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const regions = words(String(form.get("regions") ?? ""));
        const tags = String(form.get("requiredTags") ?? "").split(",").map((t) => t.trim()).filter(Boolean);
        void run(
          "POST",
          "/api/audit-schedules",
          { everyHours: Number(form.get("everyHours")), accounts: form.get("accounts") === "all" ? "all" : ["self"], regions: regions.length ? regions : "all", requiredTags: tags },
          "Schedule added.",
        );
      }}
    >
      <h2 className="text-lg font-semibold">Add a schedule</h2>
      <div className="grid gap-3 md:grid-cols-4">
        <label className="block text-sm font-medium">
          Every (hours)
          <input name="everyHours" type="number" min={1} max={168} defaultValue={6} required className={inputClass} />
        </label>
        <label className="block text-sm font-medium">
          Accounts
          <select name="accounts" defaultValue={hasAccounts ? "all" : "self"} className={inputClass}>
            <option value="self">the server&apos;s own credentials</option>
            <option value="all">all registered accounts</option>
          </select>
        </label>
        <label className="block text-sm font-medium">
          Regions <span className="font-normal text-slate-500">(empty: all enabled)</span>
          <input name="regions" placeholder="eu-west-1 us-east-1" className={`${inputClass} font-mono`} />
        </label>
        <label className="block text-sm font-medium">
          Required tag keys
          <input name="requiredTags" defaultValue="Owner" className={inputClass} />
        </label>
      </div>
      <div className="flex items-center gap-4">
        <button type="submit" disabled={pending} className={primaryButton}>{pending ? "Adding…" : "Add schedule"}</button>
        <Outcome outcome={outcome} />
      </div>
    </form>
  );
}

/** The webhook alerts of scheduled scans go to (shown masked), and a test message. */
export function WebhookForm({ masked }: { masked: string | null }) {
  const save = useApiAction();
  const test = useApiAction();
  const [url, setUrl] = useState("");
  return (
    <form
      aria-label="Alert webhook"
      className={cardClass}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run("PUT", "/api/alerts/webhook", { url }, "Webhook saved.").then((ok) => ok && setUrl(""));
      }}
    >
      <h2 className="text-lg font-semibold">Alerts</h2>
      <p className="text-sm text-slate-600">
        After a scheduled scan, new critical findings and failed accounts or regions are posted to a Slack-compatible incoming webhook, with a link to the report.
        A failing webhook never fails the scan: the report says the alert was not sent.
      </p>
      <p className="text-sm" data-testid="webhook-current">
        Current webhook: {masked ? <code className="rounded bg-slate-100 px-1">{masked}</code> : <span className="text-slate-500">none</span>}
      </p>
      <label className="block text-sm font-medium">
        {masked ? "Replace with" : "Webhook URL"}
        <input name="url" type="url" required value={url} onChange={(e) => setUrl(e.target.value)} autoComplete="off" placeholder="https://hooks.slack.com/services/…" className={`${inputClass} font-mono`} />
      </label>
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" disabled={save.pending} className={primaryButton}>{save.pending ? "Saving…" : "Save webhook"}</button>
        {masked ? (
          <button type="button" disabled={test.pending} onClick={() => void test.run("POST", "/api/alerts/webhook/test", undefined, "Test message sent.")} className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 disabled:opacity-60">
            {test.pending ? "Sending…" : "Send a test message"}
          </button>
        ) : null}
        <Outcome outcome={save.outcome} />
        <Outcome outcome={test.outcome} />
      </div>
    </form>
  );
}
