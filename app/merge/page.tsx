import Link from "next/link";
import { Upload } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { MergeBuilder, type BuilderInitial, type BuilderService } from "@/components/merges/merge-builder";
import { mergeService } from "@/lib/merges/merge-service";
import { representativeProfile } from "@/lib/merges/representative";
import { DEFAULT_OPTIONS, selectionFromQuery } from "@/lib/merges/selection";
import { profileDeps } from "@/lib/profiles/context";
import { toProfileDto, type ProfileDto } from "@/lib/profiles/profile-dto";
import { listServices } from "@/lib/profiles/queries";
import { currentPrincipal } from "../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Merge profiles" };

/** Profiles offered per service (newest first); older ones are on the service page. */
const PER_SERVICE = 20;

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

function initialSelection(query: Record<string, string | string[] | undefined>): BuilderInitial {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) for (const x of Array.isArray(v) ? v : v === undefined ? [] : [v]) params.append(k, x);
  const fallback = { profileIds: [], weights: {}, equalise: false, ...DEFAULT_OPTIONS };
  if (params.getAll("profileId").length === 0) return fallback;
  try {
    const s = selectionFromQuery(params);
    return { profileIds: s.profileIds, weights: s.weights, equalise: s.equalise, ...s.options };
  } catch {
    return fallback;
  }
}

export default async function MergePage({ searchParams }: Props) {
  const deps = profileDeps();
  const principal = await currentPrincipal();
  const summaries = await listServices(deps.db);
  const latest: ProfileDto[] = [];
  const services: BuilderService[] = await Promise.all(
    summaries.map(async (s) => {
      const rows = await deps.db.profile.findMany({ where: { service: s.name }, orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }], take: PER_SERVICE });
      const dtos = rows.map(toProfileDto);
      if (dtos[0]) latest.push(dtos[0]);
      const profiles = dtos.map(({ id, service, capturedAt, sampleCount, durationNanos, pgo, labels }) => ({
        id,
        service,
        capturedAt,
        sampleCount,
        durationNanos,
        pgo,
        labels,
      }));
      const representativeId = (await representativeProfile(deps.db, s.name))?.id;
      return { name: s.name, profileCount: s.profileCount, profiles, representativeId };
    }),
  );
  // The latest profile of each service is the likely pick: read its call sites while the user chooses.
  mergeService().warm(deps, latest);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Merge profiles into default.pgo</h1>
          <p className="max-w-3xl text-sm text-slate-600">
            One binary serving several services needs one profile that covers all their hot paths. Pick profiles across services, weight them,
            and see what the merged file does to Go&apos;s compiler before you store or download it.
          </p>
        </div>
        <Link href="/merges" className="text-sm text-blue-700 hover:underline">
          Merge history →
        </Link>
      </div>
      {services.length === 0 ? (
        <EmptyState title="No profiles to merge yet">
          <p>Upload CPU profiles of your services first; then pick them here.</p>
          <Link
            href="/upload"
            className="mt-4 inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700"
          >
            <Upload className="h-4 w-4" aria-hidden /> Upload profiles
          </Link>
        </EmptyState>
      ) : (
        <MergeBuilder services={services} canCreate={principal?.role === "operator"} initial={initialSelection(await searchParams)} />
      )}
    </div>
  );
}
