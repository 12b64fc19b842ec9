import Link from "next/link";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { Download, GitCompare } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { ProfileViewer } from "@/components/profile-viewer";
import { viewUrls } from "@/components/view-urls";
import { readMinFraction, readViewQuery } from "@/components/view-query";
import { formatBytes, formatCount, formatDurationNanos, formatTimestamp } from "@/lib/format";
import { NotFoundError } from "@/lib/http/errors";
import { formatValue } from "@/lib/pprof/units";
import { profileDeps } from "@/lib/profiles/context";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { getProfile } from "@/lib/profiles/queries";
import { Fact } from "@/components/fact";

export const dynamic = "force-dynamic";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

async function loadProfile(id: string): Promise<ProfileDto | null> {
  try {
    return await getProfile(profileDeps().db, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export async function generateMetadata({ params }: Props) {
  const profile = await loadProfile((await params).id);
  return { title: profile ? `${profile.service} · ${formatTimestamp(profile.capturedAt)}` : "Profile not found" };
}

export default async function ProfilePage({ params, searchParams }: Props) {
  const profile = await loadProfile((await params).id);
  if (!profile) notFound();
  const search = await searchParams;
  const viewQuery = readViewQuery(search);
  const minFraction = readMinFraction(search);
  const requestedRaw = search.sampleType;
  const requested = Array.isArray(requestedRaw) ? requestedRaw[0] : requestedRaw;
  const known = requested !== undefined && profile.sampleTypes.some((t) => t.type === requested);
  const sampleType = known ? requested : profile.defaultSampleType;
  const hasSamples = profile.sampleCount > 0;
  if (hasSamples) {
    // Start both requests with the HTML: the viewer's fetches then find them in flight or done.
    const urls = viewUrls(profile.id, sampleType, viewQuery, minFraction);
    preload(urls.flame, { as: "fetch", crossOrigin: "anonymous" });
    preload(urls.top, { as: "fetch", crossOrigin: "anonymous" });
  }

  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/" className="hover:underline">
          Services
        </Link>{" "}
        /{" "}
        <Link href={`/services/${encodeURIComponent(profile.service)}`} className="hover:underline">
          {profile.service}
        </Link>{" "}
        / <span className="text-slate-900">{formatTimestamp(profile.capturedAt)}</span>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            {profile.service} <span className="font-normal text-slate-500">profile</span>
          </h1>
          <p className="text-sm text-slate-600">Captured {formatTimestamp(profile.capturedAt)}</p>
        </div>
        <div className="flex gap-2">
          <Link
            href={`/services/${encodeURIComponent(profile.service)}`}
            className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
          >
            <GitCompare className="h-4 w-4" aria-hidden /> Compare with…
          </Link>
          <a
            href={`/api/profiles/${profile.id}/raw`}
            download
            className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
          >
            <Download className="h-4 w-4" aria-hidden /> Download
          </a>
        </div>
      </div>
      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Duration">{formatDurationNanos(profile.durationNanos)}</Fact>
        <Fact label="Samples">{formatCount(profile.sampleCount)}</Fact>
        <Fact label="Functions">{formatCount(profile.functionCount)}</Fact>
        <Fact label="Size">{formatBytes(profile.sizeBytes)}</Fact>
        {profile.sampleTypes.map((t) => (
          <Fact key={`${t.type}/${t.unit}`} label={`total ${t.type}`}>
            {formatValue(profile.totals[t.type] ?? 0, t.unit)}
          </Fact>
        ))}
        {Object.keys(profile.labels).length > 0 ? (
          <div className="col-span-2 sm:col-span-3 lg:col-span-6">
            <dt className="sr-only">Labels</dt>
            <dd className="flex flex-wrap gap-1">
              {Object.entries(profile.labels).map(([k, v]) => (
                <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
                  {k}:{v}
                </span>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {profile.damaged ? (
        <p role="alert" data-testid="damaged-alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
          Damaged: the bytes of this profile are gone from the profile store (the store sweep found it). Views already computed may
          still show; downloads and new views fail. Upload the profile again.
        </p>
      ) : null}
      {requested !== undefined && !known ? (
        <p role="alert" className="rounded border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          This profile has no sample type “{requested}”; it has {profile.sampleTypes.map((t) => t.type).join(", ")}. Showing {sampleType}.
        </p>
      ) : null}
      {hasSamples ? (
        <ProfileViewer profileId={profile.id} sampleTypes={profile.sampleTypes} initialSampleType={sampleType} initialQuery={viewQuery} minFraction={minFraction} />
      ) : (
        <EmptyState title="This profile has no samples">
          It was stored as sent, but it holds no samples: there is no flame graph or top table to show. A CPU profile is empty when
          the program was idle while it was collected; collect it again under load, or for longer (
          <code className="font-mono">?seconds=30</code>).
        </EmptyState>
      )}
    </div>
  );
}
