"use client";

import Link from "next/link";
import { useEffect, useMemo, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Download, ExternalLink, Layers, Loader2, X } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import type { MergePreview } from "@/lib/merges/preview";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { formatBytes, formatCount, formatDurationNanos, formatTimestamp } from "@/lib/format";
import { fetchJson } from "../fetch-json";
import { primaryButton } from "../form-bits";
import { PgoBadge } from "../pgo-badge";
import { MergeFlame } from "./merge-flame";
import { inputColor, pct } from "./merge-format";
import { ContributionsBar, CoverageBars, GuardedHazards, HotEdgesTable, HotEdgeStats, Section, WarningsPanel } from "./merge-panels";

export type BuilderProfile = Pick<ProfileDto, "id" | "service" | "capturedAt" | "sampleCount" | "durationNanos" | "pgo" | "labels">;
/** `representativeId`: the run with the median total CPU of the last 14 (lib/merges/representative.ts). */
export type BuilderService = { name: string; profileCount: number; profiles: BuilderProfile[]; representativeId?: string };
export type BuilderInitial = { profileIds: string[]; weights: Record<string, number>; equalise: boolean; dropLabels: boolean; minimal: boolean; guardHazards: boolean };

type Props = { services: BuilderService[]; canCreate: boolean; initial: BuilderInitial };

/** Hot call sites shown on the page; the API has them all. */
const EDGE_LIMIT = 200;
const SHOWN_PER_SERVICE = 5;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

function parseWeight(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return 1;
  const w = Number(raw);
  return Number.isFinite(w) && w > 0 && w <= 1_000_000 ? w : null;
}

function Option({ checked, onChange, label, children, name }: { checked: boolean; onChange: (v: boolean) => void; label: string; children: React.ReactNode; name: string }) {
  return (
    <label className="flex items-start gap-2.5 text-sm">
      <input type="checkbox" name={name} checked={checked} onChange={(e) => onChange(e.target.checked)} className="mt-0.5 h-4 w-4 shrink-0" />
      <span>
        <span className="font-medium text-slate-900">{label}</span>
        <span className="block text-xs text-slate-600">{children}</span>
      </span>
    </label>
  );
}

export function MergeBuilder({ services, canCreate, initial }: Props) {
  const byId = useMemo(() => new Map(services.flatMap((s) => s.profiles.map((p) => [p.id, p] as const))), [services]);
  const [selected, setSelected] = useState<string[]>(() => initial.profileIds.filter((id) => byId.has(id)));
  const [weights, setWeights] = useState<Record<string, string>>(() => Object.fromEntries(Object.entries(initial.weights).map(([k, v]) => [k, String(v)])));
  const [equalise, setEqualise] = useState(initial.equalise);
  const [dropLabels, setDropLabels] = useState(initial.dropLabels);
  const [minimal, setMinimal] = useState(initial.minimal);
  const [guardHazards, setGuardHazards] = useState(initial.guardHazards);
  const [expanded, setExpanded] = useState<Record<string, boolean>>({});
  const [created, setCreated] = useState<MergeDto | null>(null);
  const [createError, setCreateError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  const badWeights = selected.filter((id) => !equalise && parseWeight(weights[id]) === null);
  const query = useMemo(() => {
    const q = new URLSearchParams();
    for (const id of selected) q.append("profileId", id);
    if (equalise) q.set("equalise", "1");
    else for (const id of selected) if ((parseWeight(weights[id]) ?? 1) !== 1) q.append("weight", `${id}:${parseWeight(weights[id])}`);
    if (guardHazards) q.set("guardHazards", "1");
    return q.toString();
  }, [selected, weights, equalise, guardHazards]);
  const debouncedQuery = useDebounced(query, 250);
  const ready = selected.length > 0 && badWeights.length === 0 && debouncedQuery === query;

  // Keep the address shareable: the selection lives in the query string.
  useEffect(() => {
    const url = new URL(window.location.href);
    const q = new URLSearchParams(query);
    if (dropLabels === false) q.set("dropLabels", "0");
    if (minimal) q.set("minimal", "1");
    url.search = q.toString();
    window.history.replaceState(null, "", url);
  }, [query, dropLabels, minimal]);

  useEffect(() => {
    setCreated(null);
    setCreateError(null);
  }, [query, dropLabels, minimal]);

  const preview = useQuery({
    queryKey: ["merge-preview", debouncedQuery],
    queryFn: ({ signal }) => fetchJson<MergePreview>(`/api/merges/preview?${debouncedQuery}&limit=${EDGE_LIMIT}`, signal),
    enabled: ready,
    staleTime: Infinity,
    retry: false,
    placeholderData: (prev) => prev,
  });
  const showPreview = selected.length > 0 && preview.data && !preview.isError;
  const stale = preview.isFetching || !ready;

  const toggle = (id: string) => setSelected((cur) => (cur.includes(id) ? cur.filter((x) => x !== id) : [...cur, id]));
  const latestOfEach = () => setSelected(services.filter((s) => s.profiles.length > 0).map((s) => s.profiles[0].id));
  const representativeOfEach = () => setSelected(services.flatMap((s) => (s.representativeId && byId.has(s.representativeId) ? [s.representativeId] : [])));
  const clear = () => setSelected([]);

  async function create() {
    setCreating(true);
    setCreateError(null);
    try {
      const body = {
        profileIds: selected,
        ...(equalise ? { equalise: true } : { weights: Object.fromEntries(selected.map((id) => [id, parseWeight(weights[id]) ?? 1])) }),
        dropLabels,
        minimal,
        guardHazards,
      };
      const res = await fetch("/api/merges", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      const json = (await res.json().catch(() => ({}))) as { merge?: MergeDto; error?: string };
      if (!res.ok || !json.merge) throw new Error(json.error ?? `the server answered HTTP ${res.status}`);
      setCreated(json.merge);
    } catch (err) {
      setCreateError(err instanceof Error ? err.message : String(err));
    } finally {
      setCreating(false);
    }
  }

  const contributionFor = (id: string) => preview.data?.contributions.find((c) => c.profileId === id);
  const latestIds = new Set(services.map((s) => s.profiles[0]?.id));
  const servicesOfSelection = selected.map((id) => byId.get(id)?.service ?? "");
  const customWeights = !equalise && selected.some((id) => (parseWeight(weights[id]) ?? 1) !== 1);
  // GET /api/pgo merges the latest profile of each named service, with unit or equalised weights.
  // Or, with pick=representative, the representative run of each.
  const representativeIds = new Set(services.map((s) => s.representativeId));
  const allLatest = selected.every((id) => latestIds.has(id));
  const pickRepresentative = !allLatest && selected.every((id) => representativeIds.has(id));
  const ciEligible =
    selected.length > 0 && (allLatest || pickRepresentative) && new Set(servicesOfSelection).size === selected.length && !customWeights;
  const ciQuery = [
    ...servicesOfSelection.map((s) => `service=${encodeURIComponent(s)}`),
    ...(pickRepresentative ? ["pick=representative"] : []),
    ...(equalise ? ["equalise=1"] : []),
    ...(minimal ? ["minimal=1"] : []),
    ...(guardHazards ? ["guardHazards=1"] : []),
    ...(dropLabels ? [] : ["dropLabels=0"]),
  ].join("&");

  return (
    <div className="grid gap-6 lg:grid-cols-[22rem_minmax(0,1fr)]">
      <aside className="space-y-4">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Profiles">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <h2 className="text-base font-semibold">Profiles</h2>
            <div className="flex flex-wrap gap-2">
              <button type="button" onClick={latestOfEach} className="rounded-md border border-blue-600 px-2.5 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50">
                Latest of each service
              </button>
              {services.some((s) => s.representativeId) ? (
                <button
                  type="button"
                  onClick={representativeOfEach}
                  title="Of each service's last 14 CPU profiles, the run with the median total CPU: a typical day, not an unusual one"
                  className="rounded-md border border-blue-600 px-2.5 py-1 text-xs font-medium text-blue-700 hover:bg-blue-50"
                >
                  Representative of each
                </button>
              ) : null}
              <button type="button" onClick={clear} disabled={selected.length === 0} className="rounded-md border border-slate-300 px-2.5 py-1 text-xs hover:bg-slate-50 disabled:opacity-40">
                Clear
              </button>
            </div>
          </div>
          <div className="mt-3 space-y-4">
            {services.map((s) => {
              const shown = expanded[s.name] ? s.profiles : s.profiles.slice(0, SHOWN_PER_SERVICE);
              return (
                <fieldset key={s.name} data-testid={`merge-service-${s.name}`}>
                  <legend className="text-sm font-medium text-slate-900">
                    {s.name} <span className="font-normal text-slate-500">({formatCount(s.profileCount)})</span>
                  </legend>
                  <ul className="mt-1 space-y-1">
                    {shown.map((p, i) => (
                      <li key={p.id}>
                        <label className="flex cursor-pointer items-start gap-2 rounded px-1 py-1 text-sm hover:bg-slate-50">
                          <input
                            type="checkbox"
                            checked={selected.includes(p.id)}
                            onChange={() => toggle(p.id)}
                            className="mt-0.5 h-4 w-4 shrink-0"
                            aria-label={`${s.name} profile captured ${formatTimestamp(p.capturedAt)}${i === 0 ? " (latest)" : ""}`}
                          />
                          <span className="min-w-0">
                            <span className="num block">
                              {formatTimestamp(p.capturedAt)}
                              {i === 0 ? <span className="ml-1.5 rounded bg-slate-100 px-1 text-xs text-slate-600">latest</span> : null}
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
                      </li>
                    ))}
                  </ul>
                  {s.profiles.length > SHOWN_PER_SERVICE ? (
                    <button
                      type="button"
                      className="mt-1 text-xs text-blue-700 hover:underline"
                      onClick={() => setExpanded((e) => ({ ...e, [s.name]: !e[s.name] }))}
                      aria-expanded={Boolean(expanded[s.name])}
                    >
                      {expanded[s.name] ? "Show fewer" : `Show ${s.profiles.length - SHOWN_PER_SERVICE} more`}
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
            })}
          </div>
        </section>

        <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Options">
          <h2 className="text-base font-semibold">Options</h2>
          <Option name="equalise" checked={equalise} onChange={setEqualise} label="Equalise">
            Scale inputs so each contributes the same total (weight = largest total ÷ own total). Off: weights below, 1 = go tool pprof -proto.
          </Option>
          <Option name="dropLabels" checked={dropLabels} onChange={setDropLabels} label="Drop labels">
            Remove sample labels so identical stacks merge: a smaller file, the same edges (datadog-pgo does this).
          </Option>
          <Option name="minimal" checked={minimal} onChange={setMinimal} label="PGO-minimal file">
            Keep only what the compiler reads (the two innermost locations per sample); the edge map is checked to be identical.
          </Option>
          <Option name="guardHazards" checked={guardHazards} onChange={setGuardHazards} label="Guard PGO hazards">
            Rename runtime.gopark and grpc&apos;s loopyWriter.processData so they are never inlined (golang/go#74045, #65532).
          </Option>
        </section>
      </aside>

      <div className="min-w-0 space-y-4">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-label="Inputs">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <h2 className="text-base font-semibold">
              Inputs{" "}
              <span className="font-normal text-slate-500">
                {selected.length === 0 ? "" : `${selected.length} profile${selected.length === 1 ? "" : "s"} from ${new Set(servicesOfSelection).size} service${new Set(servicesOfSelection).size === 1 ? "" : "s"}`}
              </span>
            </h2>
            <button
              type="button"
              className={primaryButton}
              onClick={create}
              disabled={!canCreate || creating || created !== null || !showPreview || stale || selected.length === 0}
              title={canCreate ? undefined : "Creating merges needs the operator role"}
            >
              {creating ? <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> : <Layers className="h-4 w-4" aria-hidden />}
              Create default.pgo
            </button>
          </div>
          {!canCreate ? <p className="mt-1 text-xs text-slate-500">You can preview merges; storing them needs the operator role.</p> : null}
          {selected.length === 0 ? (
            <p className="mt-3 text-sm text-slate-600">
              Tick profiles on the left, or press <strong>Latest of each service</strong>. The preview shows what the merged file does to Go&apos;s
              compiler before you store or download it.
            </p>
          ) : (
            <div className="mt-3 overflow-x-auto">
              <table className="w-full text-left text-sm" aria-label="Selected profiles">
                <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
                  <tr>
                    <th scope="col" className="px-2 py-1.5 font-medium">
                      Service
                    </th>
                    <th scope="col" className="px-2 py-1.5 font-medium">
                      Captured
                    </th>
                    <th scope="col" className="px-2 py-1.5 text-right font-medium">
                      Weight
                    </th>
                    <th scope="col" className="px-2 py-1.5 text-right font-medium">
                      Share
                    </th>
                    <th scope="col" className="px-2 py-1.5">
                      <span className="sr-only">Remove</span>
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {selected.map((id, k) => {
                    const p = byId.get(id)!;
                    const c = contributionFor(id);
                    const invalid = badWeights.includes(id);
                    return (
                      <tr key={id} data-testid="merge-input-row">
                        <td className="px-2 py-1.5">
                          <span className="inline-flex items-center gap-2">
                            <span className="h-3 w-3 shrink-0 rounded-sm" style={{ background: inputColor(k) }} aria-hidden />
                            <span className="font-medium">{p.service}</span>
                          </span>
                        </td>
                        <td className="num px-2 py-1.5">
                          <Link href={`/profiles/${p.id}`} className="text-blue-700 hover:underline">
                            {formatTimestamp(p.capturedAt)}
                          </Link>
                        </td>
                        <td className="px-2 py-1.5 text-right">
                          {equalise ? (
                            <span className="num text-slate-700" title="Computed by Equalise">
                              {c ? `×${Number(c.weight.toPrecision(4))}` : "…"}
                            </span>
                          ) : (
                            <input
                              type="number"
                              inputMode="decimal"
                              min="0"
                              step="any"
                              value={weights[id] ?? "1"}
                              onChange={(e) => setWeights((w) => ({ ...w, [id]: e.target.value }))}
                              aria-label={`Weight of ${p.service} ${formatTimestamp(p.capturedAt)}`}
                              aria-invalid={invalid}
                              className="num w-20 rounded-md border border-slate-300 px-2 py-1 text-right text-sm aria-[invalid=true]:border-red-500"
                            />
                          )}
                        </td>
                        <td className="num px-2 py-1.5 text-right" data-testid="input-share">
                          {c ? pct(c.share) : preview.isError ? "—" : "…"}
                        </td>
                        <td className="px-2 py-1.5 text-right">
                          <button
                            type="button"
                            onClick={() => toggle(id)}
                            className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
                            aria-label={`Remove ${p.service} ${formatTimestamp(p.capturedAt)}`}
                          >
                            <X className="h-4 w-4" aria-hidden />
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              {badWeights.length > 0 ? (
                <p role="alert" className="mt-2 text-sm text-red-700">
                  Weights must be positive numbers up to 1,000,000 (leave a profile out instead of weighting it 0).
                </p>
              ) : null}
            </div>
          )}
          {createError ? (
            <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
              Could not create the merge: {createError}
            </p>
          ) : null}
          {created ? <CreatedMerge merge={created} /> : null}
        </section>

        {selected.length > 0 && preview.isError ? (
          <p role="alert" className="rounded-lg border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" data-testid="merge-preview-error">
            {preview.error.message}
            {preview.error.message.includes("cannot be merged") ? (
              <span className="mt-1 block text-red-700">
                Profiles merge only when they share a sample type and period type: merge CPU profiles with CPU profiles, and leave heap or other
                profiles out.
              </span>
            ) : null}
          </p>
        ) : null}

        {selected.length > 0 && !preview.data && !preview.isError ? (
          <div className="flex items-center gap-2 rounded-lg border border-slate-200 bg-white px-4 py-6 text-sm text-slate-600" aria-busy="true" data-testid="merge-preview-loading">
            <Loader2 className="h-4 w-4 animate-spin" aria-hidden /> Computing the preview: reading each profile&apos;s call sites…
          </div>
        ) : null}

        {showPreview ? (
          <div className={`space-y-4 transition-opacity ${stale ? "opacity-60" : ""}`} aria-busy={stale} data-testid="merge-preview">
            <WarningsPanel warnings={preview.data.warnings} />
            <GuardedHazards hazards={preview.data.hazards} />
            <HotEdgeStats hot={preview.data.hotEdges} />
            <div className="grid gap-4 xl:grid-cols-2">
              <Section
                title="Contributions"
                description={`Each input's share of the merged ${preview.data.contributionType.type} (${preview.data.contributionType.unit}).`}
              >
                <ContributionsBar
                  contributions={preview.data.contributions.map((c) => ({ ...c, label: `${c.service} · ${formatTimestamp(byId.get(c.profileId)?.capturedAt ?? "")}` }))}
                  unit={preview.data.contributionType.type}
                  label="Contributions"
                />
              </Section>
              <Section title="Coverage per service" description="Share of each service's own hot call-site weight that stays hot in the merge.">
                <CoverageBars coverage={preview.data.coverage} />
              </Section>
            </div>
            <Section title="Merged flame graph" description="The merged profile as pprof will show it.">
              <MergeFlame url={`/api/merges/preview/flamegraph?${debouncedQuery}`} enabled={ready && !preview.isFetching} label="Flame graph of the merged profile" />
            </Section>
            <Section
              title="Hot call sites"
              description={`As Go's compiler selects them: heaviest first, until ${preview.data.hotEdges.cdfPercent}% of the edge weight; they get an inlining budget of 2000 instead of 80.`}
            >
              <HotEdgesTable hot={preview.data.hotEdges} />
            </Section>
            {ciEligible ? (
              <Section title="From CI" description={`The same merge of each service's ${pickRepresentative ? "representative run (median total CPU of the last 14)" : "latest profile"}, as one download:`}>
                <pre className="overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
                  {`curl -fsS -H "Authorization: Bearer $FLEETSCOPE_TOKEN" -o default.pgo \\\n  "${typeof window === "undefined" ? "" : window.location.origin}/api/pgo?${ciQuery}"`}
                </pre>
              </Section>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}

function CreatedMerge({ merge }: { merge: MergeDto }) {
  return (
    <div role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-3 text-sm text-emerald-950" data-testid="merge-created">
      <p className="font-medium">Merge stored.</p>
      <p className="num mt-1">
        default.pgo: <strong data-testid="merge-size">{formatBytes(merge.sizeBytes)}</strong>
        {merge.fullSizeBytes !== null ? (
          <>
            {" "}
            (PGO-minimal; the full merge is <strong data-testid="merge-full-size">{formatBytes(merge.fullSizeBytes)}</strong>, same edge map)
          </>
        ) : null}{" "}
        · sha256 <code className="font-mono text-xs">{merge.sha256.slice(0, 16)}…</code> · {formatCount(merge.hotEdges.count)} hot call sites
      </p>
      <div className="mt-2 flex flex-wrap gap-2">
        <a href={merge.downloadUrl} download="default.pgo" className={primaryButton}>
          <Download className="h-4 w-4" aria-hidden /> Download default.pgo
        </a>
        <Link href={`/merges/${merge.id}`} className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-900 hover:bg-slate-50">
          <ExternalLink className="h-4 w-4" aria-hidden /> Open the merge
        </Link>
      </div>
    </div>
  );
}
