import Link from "next/link";
import { notFound } from "next/navigation";
import { MergeFlame } from "@/components/merges/merge-flame";
import { ContributionsBar, CoverageBars, GuardedHazards, HotEdgesTable, HotEdgeStats, Section, WarningsPanel } from "@/components/merges/merge-panels";
import { CompareWithForm, StoredMergeFacts, StoredMergeHeader, StoredMergeInputs } from "@/components/merges/stored-merge";
import { formatTimestamp } from "@/lib/format";
import { NotFoundError } from "@/lib/http/errors";
import { mergeService } from "@/lib/merges/merge-service";
import { profileDeps } from "@/lib/profiles/context";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** Hot call sites shown on the page; the API lists them all. */
const EDGE_LIMIT = 200;

async function load(id: string) {
  try {
    return await mergeService().storedPreview(profileDeps(), id, EDGE_LIMIT);
  } catch (err) {
    if (err instanceof NotFoundError) return null;
    throw err;
  }
}

export async function generateMetadata({ params }: Props) {
  const { id } = await params;
  try {
    const merge = await mergeService().get(profileDeps().db, id);
    return { title: `Merge of ${merge.services.join(", ")}` };
  } catch {
    return { title: "Merge not found" };
  }
}

export default async function MergePage({ params }: Props) {
  const { id } = await params;
  const preview = await load(id);
  if (!preview) notFound();
  const { merge } = preview;
  const deps = profileDeps();
  const [stillStored, others] = await Promise.all([
    deps.db.profile.findMany({ where: { id: { in: merge.inputs.map((i) => i.profileId) } }, select: { id: true } }),
    mergeService().list(deps.db, 100),
  ]);
  const present = new Set(stillStored.map((p) => p.id));
  const compareWith = others.filter((m) => m.id !== merge.id);

  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/merges" className="hover:underline">
          Merges
        </Link>{" "}
        / <span className="text-slate-900">{formatTimestamp(merge.createdAt)}</span>
      </nav>
      <StoredMergeHeader merge={merge} inputsPresent={merge.inputs.every((i) => present.has(i.profileId))} />
      <StoredMergeFacts merge={merge} />
      <WarningsPanel warnings={merge.warnings} />
      <GuardedHazards hazards={preview.hazards} />
      <StoredMergeInputs merge={merge} present={present} />
      <HotEdgeStats hot={preview.hotEdges} />
      <div className="grid gap-4 xl:grid-cols-2">
        <Section title="Contributions" description="Each input's share of the merged total.">
          <ContributionsBar contributions={merge.contributions} unit={merge.sampleType || "total"} label="Contributions" />
        </Section>
        <Section title="Coverage per service" description="Share of each service's own hot call-site weight that stays hot in this merge.">
          <CoverageBars coverage={merge.coverage} />
        </Section>
      </div>
      <Section
        title="Flame graph"
        description={
          merge.options.minimal
            ? "The stored default.pgo as pprof shows it: PGO-minimal, so each stack keeps only its two innermost locations (all the compiler reads)."
            : "The stored default.pgo as pprof shows it."
        }
      >
        <MergeFlame url={`/api/merges/${merge.id}/flamegraph`} label="Flame graph of the stored default.pgo" />
      </Section>
      <Section title="Hot call sites" description="As Go's compiler selects them from this file, heaviest first.">
        <HotEdgesTable hot={preview.hotEdges} />
      </Section>

      {compareWith.length > 0 ? <CompareWithForm merge={merge} others={compareWith} /> : null}
    </div>
  );
}
