"use client";

import Link from "next/link";
import { CheckCircle2, GitBranch, RefreshCw } from "lucide-react";
import type { CommittedPgoDto } from "@/lib/pgo-check/committed-store";
import type { CommittedTrend } from "@/lib/pgo-check/trend";
import { formatTimestamp } from "@/lib/format";
import { CommittedUploadForm } from "./committed-upload-form";
import { FreshnessChart } from "./freshness-chart";
import { useCommittedActions, useCommittedPgo } from "./use-committed";

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);

function Verdict({ trend }: { trend: CommittedTrend }) {
  if (trend.report.fresh) {
    return (
      <span className="inline-flex items-center gap-1 rounded-full bg-emerald-100 px-2.5 py-1 text-sm font-medium text-emerald-900" data-testid="freshness-verdict">
        <CheckCircle2 className="h-4 w-4" aria-hidden /> Fresh
      </span>
    );
  }
  return (
    <span className="inline-flex items-center gap-1 rounded-full bg-amber-100 px-2.5 py-1 text-sm font-medium text-amber-900" data-testid="freshness-verdict">
      <RefreshCw className="h-4 w-4" aria-hidden /> Refresh recommended: {trend.report.stale.map((s) => `${s.service} ${pct(s.hotShare)}`).join(", ")}
    </span>
  );
}

function ServiceRows({ trend }: { trend: CommittedTrend }) {
  return (
    <table className="w-full text-sm" aria-label="Refresh check per service">
      <thead className="text-left text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th className="py-1 pr-3">Service</th>
          <th className="py-1 pr-3 text-right">Hot share now</th>
          <th className="py-1 pr-3 text-right">Hot call sites kept</th>
          <th className="py-1">Hot functions the file does not know</th>
        </tr>
      </thead>
      <tbody>
        {trend.report.services.map((s) => (
          <tr key={s.service} className="border-t border-slate-100 align-top">
            <td className="py-1.5 pr-3">
              <Link href={`/profiles/${s.profileId}`} className="text-blue-700 hover:underline">
                {s.service}
              </Link>
              <span className="block text-xs text-slate-500">{formatTimestamp(s.capturedAt)}</span>
            </td>
            <td className={`num py-1.5 pr-3 text-right font-medium ${s.hotShare !== null && s.hotShare < trend.report.min ? "text-amber-700" : ""}`}>{pct(s.hotShare)}</td>
            <td className="num py-1.5 pr-3 text-right">
              {s.coveredEdges} of {s.hotEdges}
            </td>
            <td className="py-1.5 text-xs text-slate-700">
              {s.problem ? <span className="text-red-700">{s.problem}</span> : s.unknownHotFunctions.length === 0 ? <span className="text-slate-400">none</span> : s.unknownHotFunctions.slice(0, 6).join(", ")}
              {s.unknownHotFunctions.length > 6 ? <span className="text-slate-500"> and {s.unknownHotFunctions.length - 6} more</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function CurrentFile({ committed, trend }: { committed: CommittedPgoDto; trend: CommittedTrend }) {
  const { forget } = useCommittedActions();
  const services = committed.services.map((s) => `service=${s}`).join("&");
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="text-sm text-slate-700">
          {committed.mergeId ? (
            <>
              The <Link href={`/merges/${committed.mergeId}`} className="text-blue-700 hover:underline">merge</Link> marked
            </>
          ) : (
            "The file uploaded"
          )}{" "}
          by {committed.createdBy} on {formatTimestamp(committed.createdAt)} (sha256 <code>{committed.sha256.slice(0, 12)}</code>), for {committed.services.join(", ")}.
        </div>
        <div className="flex items-center gap-2">
          <Verdict trend={trend} />
          <button type="button" onClick={() => forget.mutate()} className="rounded px-2 py-1 text-sm text-slate-600 hover:bg-slate-100">
            Forget
          </button>
        </div>
      </div>
      {trend.services.length > 0 ? <FreshnessChart services={trend.services} min={trend.report.min} /> : null}
      <ServiceRows trend={trend} />
      {trend.withoutProfiles.length > 0 ? <p className="text-sm text-slate-500">No profiles yet for {trend.withoutProfiles.join(", ")}.</p> : null}
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer">Check it in CI</summary>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">
          {`curl -f -H "Authorization: Bearer $FLEETSCOPE_TOKEN" --data-binary @default.pgo \\\n  "$FLEETSCOPE/api/pgo/check?${services}&min=${committed.minHotShare}"`}
        </pre>
      </details>
    </div>
  );
}

/** Is the default.pgo in the repository still fresh? The Merges page's first section. */
export function CommittedPanel({ knownServices }: { knownServices: string[] }) {
  const query = useCommittedPgo();
  return (
    <section className="space-y-3 rounded-lg border border-slate-200 bg-white p-4" aria-labelledby="committed-heading">
      <h2 id="committed-heading" className="flex items-center gap-2 text-lg font-semibold">
        <GitBranch className="h-5 w-5 text-slate-500" aria-hidden /> The committed default.pgo
      </h2>
      {query.isPending ? <p className="text-sm text-slate-500">Checking the committed file against each service&apos;s profiles…</p> : null}
      {query.error ? <p role="alert" className="text-sm text-red-700">{query.error.message}</p> : null}
      {query.data?.committed && query.data.trend ? <CurrentFile committed={query.data.committed} trend={query.data.trend} /> : null}
      {query.data && !query.data.committed ? (
        <>
          <p className="text-sm text-slate-600">
            Tell Fleetscope which default.pgo is in your repository, and it shows, as new profiles arrive, how much of each service&apos;s hot path that file still covers, and when
            to refresh it.
          </p>
          <CommittedUploadForm knownServices={knownServices} />
        </>
      ) : null}
    </section>
  );
}
