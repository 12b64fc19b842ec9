"use client";

import { useQuery } from "@tanstack/react-query";
import { Layers, Loader2 } from "lucide-react";
import type { MergePreview } from "@/lib/merges/preview";
import { fetchJson } from "../fetch-json";
import { primaryButton } from "../form-bits";
import { ciQueryOf, useBuilderState, type BuilderInitial, type BuilderService } from "./builder-state";
import { CreatedMerge, useCreateMerge } from "./created-merge";
import { MergeOptionsForm } from "./merge-options-form";
import { MergePreviewView, PreviewError, PreviewLoading } from "./merge-preview-view";
import { ProfilePicker } from "./profile-picker";
import { SelectedInputs } from "./selected-inputs";

export type { BuilderInitial, BuilderProfile, BuilderService } from "./builder-state";

type Props = { services: BuilderService[]; canCreate: boolean; initial: BuilderInitial };

/** Hot call sites shown on the page; the API has them all. */
const EDGE_LIMIT = 200;

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** The merge page: pick profiles and options on the left, see the preview of the merged default.pgo on the right, store it. */
export function MergeBuilder({ services, canCreate, initial }: Props) {
  const state = useBuilderState(services, initial);
  const { selected, ready, debouncedQuery } = state;
  const preview = useQuery({
    queryKey: ["merge-preview", debouncedQuery],
    queryFn: ({ signal }) => fetchJson<MergePreview>(`/api/merges/preview?${debouncedQuery}&limit=${EDGE_LIMIT}`, signal),
    enabled: ready,
    staleTime: Infinity,
    retry: false,
    placeholderData: (prev) => prev,
  });
  const merge = useCreateMerge(state);
  const previewShown = selected.length > 0 && preview.data && !preview.isError ? preview.data : null;
  const stale = preview.isFetching || !ready;
  const serviceCount = new Set(selected.map((id) => state.byId.get(id)?.service ?? "")).size;

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <aside className="space-y-4">
        <ProfilePicker services={services} state={state} />
        <MergeOptionsForm options={state.options} onChange={state.setOptions} />
      </aside>

      <div className="min-w-0 space-y-4">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Inputs">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 className="text-base font-semibold">
              Inputs <span className="font-normal text-slate-500">{selected.length === 0 ? "" : `${plural(selected.length, "profile")} from ${plural(serviceCount, "service")}`}</span>
            </h2>
            <button
              type="button"
              className={primaryButton}
              onClick={merge.create}
              disabled={!canCreate || merge.creating || merge.created !== null || !previewShown || stale}
              title={canCreate ? undefined : "Creating merges needs the operator role"}
            >
              {merge.creating ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Layers className="h-4 w-4" aria-hidden />}
              Create default.pgo
            </button>
          </div>
          {!canCreate ? <p className="mt-1 text-xs text-slate-500">You can preview merges; storing them needs the operator role.</p> : null}
          {selected.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">
              Tick profiles on the left, or press <strong>Latest of each service</strong>. The preview shows what the merged file does to Go&apos;s compiler before you store or
              download it.
            </p>
          ) : (
            <SelectedInputs state={state} contributions={preview.data?.contributions} previewFailed={preview.isError} />
          )}
          {merge.error ? (
            <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              Could not create the merge: {merge.error}
            </p>
          ) : null}
          {merge.created ? <CreatedMerge merge={merge.created} /> : null}
        </section>

        {selected.length > 0 && preview.isError ? <PreviewError message={preview.error.message} /> : null}
        {selected.length > 0 && !preview.data && !preview.isError ? <PreviewLoading /> : null}
        {previewShown ? <MergePreviewView preview={previewShown} state={state} stale={stale} flameEnabled={ready && !preview.isFetching} ci={ciQueryOf(state, services)} /> : null}
      </div>
    </div>
  );
}
