import Link from "next/link";
import { notFound } from "next/navigation";
import { preload } from "react-dom";
import { ArrowLeftRight } from "lucide-react";
import { CompareViewer } from "@/components/compare-viewer";
import { EmptyState } from "@/components/empty-state";
import { readViewQuery, viewQueryString } from "@/components/view-query";
import { compareUrl } from "@/components/view-urls";
import { formatTimestamp } from "@/lib/format";
import { NotFoundError } from "@/lib/http/errors";
import { commonSampleTypes } from "@/lib/profiles/compare-types";
import { profileDeps } from "@/lib/profiles/context";
import type { ProfileDto } from "@/lib/profiles/profile-dto";
import { getProfile } from "@/lib/profiles/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare profiles" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

async function load(id: string): Promise<ProfileDto | null> {
  try {
    return await getProfile(profileDeps().db, id);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

function Side({ role, profile }: { role: string; profile: ProfileDto }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{role}</div>
      <Link href={`/profiles/${profile.id}`} className="font-medium text-blue-700 hover:underline">
        {profile.service} · {formatTimestamp(profile.capturedAt)}
      </Link>
      {Object.keys(profile.labels).length > 0 ? (
        <div className="mt-1 flex flex-wrap gap-1">
          {Object.entries(profile.labels).map(([k, v]) => (
            <span key={k} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs">
              {k}:{v}
            </span>
          ))}
        </div>
      ) : null}
    </div>
  );
}

export default async function ComparePage({ searchParams }: Props) {
  const query = await searchParams;
  const baseId = one(query.base);
  const targetId = one(query.target);
  if (!baseId || !targetId) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Compare profiles</h1>
        <EmptyState title="Pick two profiles to compare">
          Open a service, tick two profiles and press <strong>Compare selected</strong>. The older one becomes the base, the newer one the
          target; the page address is <code className="font-mono">/compare?base=ID&amp;target=ID</code>.
          <div className="mt-4">
            <Link href="/" className="text-blue-700 hover:underline">
              Go to the services
            </Link>
          </div>
        </EmptyState>
      </div>
    );
  }
  const [base, target] = await Promise.all([load(baseId), load(targetId)]);
  if (!base || !target) notFound();
  const common = commonSampleTypes(base, target);
  const requested = one(query.sampleType);
  const sampleType =
    common.find((t) => t.type === requested)?.type ??
    common.find((t) => t.type === target.defaultSampleType)?.type ??
    common.find((t) => t.type === base.defaultSampleType)?.type ??
    common[0]?.type;
  // pprof's filters from the URL, applied to both sides (the viewer fetches the same URL).
  const viewQuery = readViewQuery(query);
  if (sampleType) preload(compareUrl(base.id, target.id, sampleType, viewQuery), { as: "fetch", crossOrigin: "anonymous" });

  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/" className="hover:underline">
          Services
        </Link>{" "}
        /{" "}
        <Link href={`/services/${encodeURIComponent(target.service)}`} className="hover:underline">
          {target.service}
        </Link>{" "}
        / <span className="text-slate-900">compare</span>
      </nav>
      <h1 className="text-2xl font-semibold">Compare profiles</h1>
      <div className="flex flex-wrap items-center gap-3">
        <Side role="Base (before)" profile={base} />
        <Link
          href={`/compare?base=${encodeURIComponent(target.id)}&target=${encodeURIComponent(base.id)}${viewQueryString(viewQuery)}`}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
          title="Swap base and target"
        >
          <ArrowLeftRight className="h-4 w-4" aria-hidden /> Swap
        </Link>
        <Side role="Target (after)" profile={target} />
      </div>
      {sampleType ? (
        <CompareViewer baseId={base.id} targetId={target.id} sampleTypes={common} initialSampleType={sampleType} initialQuery={viewQuery} />
      ) : (
        <EmptyState title="These profiles have no sample type in common">
          The base has {base.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(", ")}; the target has{" "}
          {target.sampleTypes.map((t) => `${t.type}/${t.unit}`).join(", ")}. Only profiles of the same kind compare, such as two CPU profiles
          or two heap profiles.
        </EmptyState>
      )}
    </div>
  );
}
