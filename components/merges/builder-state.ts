"use client";

import { useEffect, useMemo, useState } from "react";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { useDebounced } from "../use-debounced";

export type BuilderProfile = Pick<ProfileDto, "id" | "service" | "capturedAt" | "sampleCount" | "durationNanos" | "pgo" | "labels">;
/** `representativeId`: the run with the median total CPU of the last 14 (lib/merges/representative.ts). */
export type BuilderService = { name: string; profileCount: number; profiles: BuilderProfile[]; representativeId?: string };
export type MergeOptionsState = { equalise: boolean; dropLabels: boolean; minimal: boolean; guardHazards: boolean };
export type BuilderInitial = MergeOptionsState & { profileIds: string[]; weights: Record<string, number> };

/** A weight field's number: empty is 1; null when it is not a positive number up to 1,000,000. */
export function parseWeight(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return 1;
  const w = Number(raw);
  return Number.isFinite(w) && w > 0 && w <= 1_000_000 ? w : null;
}

/** The preview's query string: the selected profiles, their weights (or equalise) and the hazard guard. */
function previewQuery(selected: string[], weights: Record<string, string>, options: MergeOptionsState): string {
  const q = new URLSearchParams();
  for (const id of selected) q.append("profileId", id);
  if (options.equalise) q.set("equalise", "1");
  else for (const id of selected) if ((parseWeight(weights[id]) ?? 1) !== 1) q.append("weight", `${id}:${parseWeight(weights[id])}`);
  if (options.guardHazards) q.set("guardHazards", "1");
  return q.toString();
}

/** Keeps the address shareable: the selection and options live in the query string. */
function useShareableAddress(query: string, options: MergeOptionsState): void {
  const { dropLabels, minimal } = options;
  useEffect(() => {
    const url = new URL(window.location.href);
    const q = new URLSearchParams(query);
    if (dropLabels === false) q.set("dropLabels", "0");
    if (minimal) q.set("minimal", "1");
    url.search = q.toString();
    window.history.replaceState(null, "", url);
  }, [query, dropLabels, minimal]);
}

/** What the builder holds: the selection, weights and options, and the preview query they make. */
export function useBuilderState(services: BuilderService[], initial: BuilderInitial) {
  const byId = useMemo(() => new Map(services.flatMap((s) => s.profiles.map((p) => [p.id, p] as const))), [services]);
  const [selected, setSelected] = useState<string[]>(() => initial.profileIds.filter((id) => byId.has(id)));
  const [weights, setWeights] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(initial.weights).map(([k, v]) => [k, String(v)])));
  const [options, setOptions] = useState<MergeOptionsState>(() => ({ equalise: initial.equalise, dropLabels: initial.dropLabels, minimal: initial.minimal, guardHazards: initial.guardHazards }));
  const query = useMemo(() => previewQuery(selected, weights, options), [selected, weights, options]);
  const debouncedQuery = useDebounced(query, 250);
  useShareableAddress(query, options);
  const badWeights = selected.filter((id) => !options.equalise && parseWeight(weights[id]) === null);
  const ready = selected.length > 0 && badWeights.length === 0 && debouncedQuery === query;
  const selection = {
    toggle: (id: string) => setSelected((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id])),
    latestOfEach: () => setSelected(services.filter((s) => s.profiles.length > 0).map((s) => s.profiles[0].id)),
    representativeOfEach: () => setSelected(services.flatMap((s) => (s.representativeId && byId.has(s.representativeId) ? [s.representativeId] : []))),
    clear: () => setSelected([]),
  };
  const setWeight = (id: string, raw: string) => setWeights((w) => ({ ...w, [id]: raw }));
  return { byId, selected, weights, setWeight, options, setOptions, query, debouncedQuery, badWeights, ready, selection };
}

export type BuilderState = ReturnType<typeof useBuilderState>;

/**
 * The GET /api/pgo query for the same merge, when there is one: it merges the latest profile of
 * each named service (or, with pick=representative, the representative run of each), with unit
 * or equalised weights.
 */
export function ciQueryOf(state: BuilderState, services: BuilderService[]): { query: string; representative: boolean } | null {
  const { selected, weights, options, byId } = state;
  const servicesOfSelection = selected.map((id) => byId.get(id)?.service ?? "");
  const customWeights = !options.equalise && selected.some((id) => (parseWeight(weights[id]) ?? 1) !== 1);
  const latestIds = new Set(services.map((s) => s.profiles[0]?.id));
  const representativeIds = new Set(services.map((s) => s.representativeId));
  const allLatest = selected.every((id) => latestIds.has(id));
  const representative = !allLatest && selected.every((id) => representativeIds.has(id));
  const eligible = selected.length > 0 && (allLatest || representative) && new Set(servicesOfSelection).size === selected.length && !customWeights;
  if (!eligible) return null;
  const query = [
    ...servicesOfSelection.map((s) => `service=${encodeURIComponent(s)}`),
    ...(representative ? ["pick=representative"] : []),
    ...(options.equalise ? ["equalise=1"] : []),
    ...(options.minimal ? ["minimal=1"] : []),
    ...(options.guardHazards ? ["guardHazards=1"] : []),
    ...(options.dropLabels ? [] : ["dropLabels=0"]),
  ].join("&");
  return { query, representative };
}
