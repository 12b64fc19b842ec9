"use client";

import Link from "next/link";
import { X } from "lucide-react";
import type { MergePreview } from "@/lib/merges/preview";
import { formatTimestamp } from "@/lib/format";
import type { BuilderState } from "./builder-state";
import { InputServiceCell } from "./input-service-cell";
import { pct } from "./merge-format";

type Contribution = MergePreview["contributions"][number];
type Props = { state: BuilderState; contributions: Contribution[] | undefined; previewFailed: boolean };

const header = "px-2 py-1.5 font-medium";

/** The selected profiles, with their weight fields (or Equalise's computed weights) and shares. */
export function SelectedInputs({ state, contributions, previewFailed }: Props) {
  return (
    <div className="mt-3 overflow-x-auto">
      <table className="w-full text-left text-sm" aria-label="Selected profiles">
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            <th scope="col" className={header}>
              Service
            </th>
            <th scope="col" className={header}>
              Captured
            </th>
            <th scope="col" className={`${header} text-right`}>
              Weight
            </th>
            <th scope="col" className={`${header} text-right`}>
              Share
            </th>
            <th scope="col" className="px-2 py-1.5">
              <span className="sr-only">Remove</span>
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {state.selected.map((id, k) => (
            <InputRow key={id} id={id} colorIndex={k} state={state} contribution={contributions?.find((c) => c.profileId === id)} previewFailed={previewFailed} />
          ))}
        </tbody>
      </table>
      {state.badWeights.length > 0 ? (
        <p role="alert" className="mt-2 text-sm text-red-700">
          Weights must be positive numbers up to 1,000,000 (leave a profile out instead of weighting it 0).
        </p>
      ) : null}
    </div>
  );
}

type RowProps = { id: string; colorIndex: number; state: BuilderState; contribution: Contribution | undefined; previewFailed: boolean };

function InputRow({ id, colorIndex, state, contribution: c, previewFailed }: RowProps) {
  const p = state.byId.get(id)!;
  const what = `${p.service} ${formatTimestamp(p.capturedAt)}`;
  return (
    <tr data-testid="merge-input-row">
      <InputServiceCell service={p.service} colorIndex={colorIndex} />
      <td className="num px-2 py-1.5">
        <Link href={`/profiles/${p.id}`} className="text-blue-700 hover:underline">
          {formatTimestamp(p.capturedAt)}
        </Link>
      </td>
      <td className="px-2 py-1.5 text-right">
        {state.options.equalise ? (
          <span className="num text-slate-700" title="Computed by Equalise">
            {c ? `×${Number(c.weight.toPrecision(4))}` : "…"}
          </span>
        ) : (
          <input
            type="number"
            inputMode="decimal"
            min="0"
            step="any"
            value={state.weights[id] ?? "1"}
            onChange={(e) => state.setWeight(id, e.target.value)}
            aria-label={`Weight of ${what}`}
            aria-invalid={state.badWeights.includes(id)}
            className="num w-20 rounded-md border border-slate-300 px-2 py-1 text-right text-sm aria-[invalid=true]:border-red-500"
          />
        )}
      </td>
      <td className="num px-2 py-1.5 text-right" data-testid="input-share">
        {c ? pct(c.share) : previewFailed ? "—" : "…"}
      </td>
      <td className="px-2 py-1.5 text-right">
        <button type="button" onClick={() => state.selection.toggle(id)} className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900" aria-label={`Remove ${what}`}>
          <X className="h-4 w-4" aria-hidden />
        </button>
      </td>
    </tr>
  );
}
