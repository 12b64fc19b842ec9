import Link from "next/link";
import { notFound } from "next/navigation";
import { Download, GitCompare, Layers } from "lucide-react";
import { MergeFlame } from "@/components/merges/merge-flame";
import { inputColor, pct } from "@/components/merges/merge-format";
import { ContributionsBar, CoverageBars, GuardedHazards, HotEdgesTable, HotEdgeStats, Section, WarningsPanel } from "@/components/merges/merge-panels";
import { OptionBadges } from "@/components/merges/merges-table";
import { formatBytes, formatTimestamp } from "@/lib/format";
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

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="num text-sm text-slate-900">{children}</dd>
    </div>
  );
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
  const again = new URLSearchParams();
  for (const i of merge.inputs) again.append("profileId", i.profileId);
  if (merge.options.weights === "equal") again.set("equalise", "1");
  else for (const i of merge.inputs) if (i.weight !== 1) again.append("weight", `${i.profileId}:${i.weight}`);
  if (!merge.options.dropLabels) again.set("dropLabels", "0");
  if (merge.options.minimal) again.set("minimal", "1");
  if (merge.options.guardHazards) again.set("guardHazards", "1");
  const share = new Map(merge.contributions.map((c) => [c.profileId, c.share]));
  const compareWith = others.filter((m) => m.id !== merge.id);

  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/merges" className="hover:underline">
          Merges
        </Link>{" "}
        / <span className="text-slate-900">{formatTimestamp(merge.createdAt)}</span>
      </nav>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">
            default.pgo <span className="font-normal text-slate-500">of {merge.services.join(", ")}</span>
          </h1>
          <p className="text-sm text-slate-600">
            Created {formatTimestamp(merge.createdAt)} by {merge.createdBy}
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <a
            href={merge.downloadUrl}
            download="default.pgo"
            className="inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
          >
            <Download className="h-4 w-4" aria-hidden /> Download default.pgo
          </a>
          {merge.inputs.every((i) => present.has(i.profileId)) ? (
            <Link
              href={`/merge?${again.toString()}`}
              className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
            >
              <Layers className="h-4 w-4" aria-hidden /> Open in the merge page
            </Link>
          ) : null}
        </div>
      </div>

      <dl className="grid grid-cols-2 gap-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Size">
          <span data-testid="merge-size">{formatBytes(merge.sizeBytes)}</span>
          {merge.fullSizeBytes !== null ? <span className="block text-xs text-slate-500">full merge {formatBytes(merge.fullSizeBytes)}</span> : null}
        </Fact>
        <Fact label="Inputs">{merge.inputs.length}</Fact>
        <Fact label="Sample value">{merge.sampleType || "none"}</Fact>
        <Fact label="Options">
          <OptionBadges merge={merge} />
        </Fact>
        <Fact label="sha256">
          <code className="break-all font-mono text-xs" title={merge.sha256}>
            {merge.sha256.slice(0, 16)}…
          </code>
        </Fact>
        <Fact label="Merge id">
          <code className="break-all font-mono text-xs">{merge.id}</code>
        </Fact>
      </dl>

      <WarningsPanel warnings={merge.warnings} />
      <GuardedHazards hazards={preview.hazards} />

      <Section title="Inputs" description="In merge order: pprof takes the sample type order and period type from the first.">
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Inputs">
            <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="px-2 py-1.5 font-medium">Service</th>
                <th scope="col" className="px-2 py-1.5 font-medium">Captured</th>
                <th scope="col" className="px-2 py-1.5 text-right font-medium">Weight</th>
                <th scope="col" className="px-2 py-1.5 text-right font-medium">Share</th>
                <th scope="col" className="px-2 py-1.5 font-medium">Profile sha256</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {merge.inputs.map((i, k) => (
                <tr key={i.profileId}>
                  <td className="px-2 py-1.5">
                    <span className="inline-flex items-center gap-2">
                      <span className="h-3 w-3 rounded-sm" style={{ background: inputColor(k) }} aria-hidden />
                      <span className="font-medium">{i.service}</span>
                    </span>
                  </td>
                  <td className="num px-2 py-1.5">
                    {present.has(i.profileId) ? (
                      <Link href={`/profiles/${i.profileId}`} className="text-blue-700 hover:underline">
                        {formatTimestamp(i.capturedAt)}
                      </Link>
                    ) : (
                      <span title="This profile has been deleted since; the merged file is kept">
                        {formatTimestamp(i.capturedAt)} <span className="text-xs text-slate-500">(deleted)</span>
                      </span>
                    )}
                  </td>
                  <td className="num px-2 py-1.5 text-right">×{Number(i.weight.toPrecision(4))}</td>
                  <td className="num px-2 py-1.5 text-right">{pct(share.get(i.profileId) ?? 0)}</td>
                  <td className="px-2 py-1.5 font-mono text-xs text-slate-600">{i.sha256.slice(0, 12)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>

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

      {compareWith.length > 0 ? (
        <Section title="Compare" description="What changes for the compiler if this file replaces another one (or the other way round).">
          <form action="/merges/compare" method="get" className="flex flex-wrap items-end gap-3 text-sm">
            <input type="hidden" name="target" value={merge.id} />
            <label>
              <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Current default.pgo (base)</span>
              <select name="base" className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
                {compareWith.map((m) => (
                  <option key={m.id} value={m.id}>
                    {formatTimestamp(m.createdAt)} · {m.services.join(", ")}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-50">
              <GitCompare className="h-4 w-4" aria-hidden /> Compare with this merge
            </button>
          </form>
        </Section>
      ) : null}
    </div>
  );
}
