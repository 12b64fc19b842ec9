"use client";

import Link from "next/link";
import { useState } from "react";
import { formatCount, formatDurationNanos, formatTimestamp } from "@/lib/format";
import { PgoBadge } from "../pgo-badge";
import type { BuilderProfile, BuilderService, BuilderState } from "./builder-state";

const SHOWN_PER_SERVICE = 5;
const quickButton = "rounded-md border border-blue-600 px-2.5 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50";

/** The Profiles panel: each service's recent profiles as checkboxes, and quick selections. */
export function ProfilePicker({ services, state }: { services: BuilderService[]; state: BuilderState }) {
  const { selection, selected } = state;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Profiles">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="text-base font-semibold">Profiles</h2>
        <div className="flex flex-wrap gap-2">
          <button type="button" onClick={selection.latestOfEach} className={quickButton}>
            Latest of each service
          </button>
          {services.some((s) => s.representativeId) ? (
            <button
              type="button"
              onClick={selection.representativeOfEach}
              title="Of each service's last 14 CPU profiles, the run with the median total CPU: a typical day, not an unusual one"
              className={quickButton}
            >
              Representative of each
            </button>
          ) : null}
          <button type="button" onClick={selection.clear} disabled={selected.length === 0} className="rounded-md border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50 disabled:opacity-40">
            Clear
          </button>
        </div>
      </div>
      <div className="mt-3 space-y-4">
        {services.map((s) => (
          <ServiceProfiles key={s.name} service={s} state={state} />
        ))}
      </div>
    </section>
  );
}

function ServiceProfiles({ service: s, state }: { service: BuilderService; state: BuilderState }) {
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? s.profiles : s.profiles.slice(0, SHOWN_PER_SERVICE);
  return (
    <fieldset data-testid={`merge-service-${s.name}`}>
      <legend className="text-sm font-medium text-slate-900">
        {s.name} <span className="font-normal text-slate-500">({formatCount(s.profileCount)})</span>
      </legend>
      <ul className="mt-1 space-y-1">
        {shown.map((p, i) => (
          <li key={p.id}>
            <ProfileCheckbox service={s} profile={p} latest={i === 0} checked={state.selected.includes(p.id)} onToggle={() => state.selection.toggle(p.id)} />
          </li>
        ))}
      </ul>
      {s.profiles.length > SHOWN_PER_SERVICE ? (
        <button type="button" className="mt-1 text-xs text-blue-700 hover:underline" onClick={() => setExpanded((e) => !e)} aria-expanded={expanded}>
          {expanded ? "Show fewer" : `Show ${s.profiles.length - SHOWN_PER_SERVICE} more`}
        </button>
      ) : null}
      {s.profileCount > s.profiles.length ? (
        <p className="mt-1 text-xs text-slate-500">
          Older ones are on the{" "}
          <Link href={`/services/${encodeURIComponent(s.name)}`} className="text-blue-700 hover:underline">
            service page
          </Link>
          .
        </p>
      ) : null}
    </fieldset>
  );
}

type CheckboxProps = { service: BuilderService; profile: BuilderProfile; latest: boolean; checked: boolean; onToggle: () => void };

function ProfileCheckbox({ service: s, profile: p, latest, checked, onToggle }: CheckboxProps) {
  return (
    <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
      <input
        type="checkbox"
        checked={checked}
        onChange={onToggle}
        className="mt-0.5 h-4 w-4 shrink-0"
        aria-label={`${s.name} profile captured ${formatTimestamp(p.capturedAt)}${latest ? " (latest)" : ""}`}
      />
      <span className="min-w-0">
        <span className="num block">
          {formatTimestamp(p.capturedAt)}
          {latest ? <span className="ml-1.5 rounded bg-slate-100 px-1 text-xs text-slate-600">latest</span> : null}
          {p.id === s.representativeId ? <span className="ml-1.5 rounded bg-violet-100 px-1 text-xs text-violet-800">representative</span> : null}
        </span>
        <span className="num block text-xs text-slate-500">
          {formatCount(p.sampleCount)} samples · {formatDurationNanos(p.durationNanos)}
        </span>
        {p.pgo.usable ? null : (
          <span className="mt-0.5 block">
            <PgoBadge pgo={p.pgo} />
          </span>
        )}
      </span>
    </label>
  );
}
