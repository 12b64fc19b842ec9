"use client";

import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";

export interface ApiOutcome {
  ok: boolean;
  message: string;
}

/**
 * Calls the JSON API for a form or button, then refreshes the page's server data; keeps the
 * answer's `{ error }` to show it.
 */
export function useApiAction() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<ApiOutcome | null>(null);
  async function run(method: string, url: string, body?: unknown, done = "Saved."): Promise<boolean> {
    setPending(true);
    setOutcome(null);
    try {
      const res = await fetch(url, { method, headers: body === undefined ? {} : { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
      if (!res.ok) {
        const answer = (await res.json().catch(() => ({}))) as { error?: string };
        setOutcome({ ok: false, message: answer.error ?? `HTTP ${res.status}` });
        return false;
      }
      setOutcome({ ok: true, message: done });
      router.refresh();
      return true;
    } catch (error) {
      setOutcome({ ok: false, message: error instanceof Error ? error.message : "the request failed" });
      return false;
    } finally {
      setPending(false);
    }
  }
  return { run, pending, outcome };
}

export function Outcome({ outcome }: { outcome: ApiOutcome | null }): ReactNode {
  if (!outcome) return null;
  return (
    <p role={outcome.ok ? "status" : "alert"} className={`text-sm ${outcome.ok ? "text-emerald-700" : "text-red-700"}`}>
      {outcome.message}
    </p>
  );
}

/** A small "Remove" button for one row (DELETE on the API). */
export function RemoveButton({ url, label }: { url: string; label: string }) {
  const { run, pending, outcome } = useApiAction();
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-label={label}
        disabled={pending}
        onClick={() => void run("DELETE", url, undefined, "Removed.")}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 hover:bg-red-50 hover:text-red-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-60"
      >
        {pending ? "Removing…" : "Remove"}
      </button>
      {outcome && !outcome.ok ? <Outcome outcome={outcome} /> : null}
    </span>
  );
}

export const cardClass = "space-y-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
export const tableClass = "w-full text-left text-sm";
export const thClass = "px-3 py-2 text-xs font-medium uppercase tracking-wide text-slate-500";
export const tdClass = "px-3 py-2 align-top";
