"use client";

import type { MergeDto } from "@/lib/merges/merge-dto";

/** The merge's non-default options as small badges ("defaults" when there are none). */
export function OptionBadges({ merge }: { merge: MergeDto }) {
  const o = merge.options;
  const badges = [
    o.weights === "equal" ? "equalised" : o.weights === "custom" ? "weighted" : null,
    o.minimal ? "PGO-minimal" : null,
    o.guardHazards ? "hazards guarded" : null,
    o.dropLabels ? null : "labels kept",
  ].filter((b): b is string => b !== null);
  if (badges.length === 0) return <span className="text-xs text-slate-400">defaults</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {badges.map((b) => (
        <span key={b} className="whitespace-nowrap rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
          {b}
        </span>
      ))}
    </span>
  );
}
