import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeftRight } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { ChangeTable } from "@/components/merges/compare-tables";
import { Section } from "@/components/merges/merge-panels";
import { OptionBadges } from "@/components/merges/option-badges";
import { formatCount, formatTimestamp } from "@/lib/format";
import { NotFoundError } from "@/lib/http/errors";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { mergeService } from "@/lib/merges/merge-service";
import { profileDeps } from "@/lib/profiles/context";

export const dynamic = "force-dynamic";
export const metadata = { title: "Compare merges" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
/** Rows per table; the counts are complete. */
const LIMIT = 200;

function Side({ role, merge }: { role: string; merge: MergeDto }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 shadow-sm">
      <div className="text-xs uppercase tracking-wide text-slate-500">{role}</div>
      <Link href={`/merges/${merge.id}`} className="font-medium text-blue-700 hover:underline">
        {formatTimestamp(merge.createdAt)} · {merge.services.join(", ")}
      </Link>
      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600">
        <span className="num">
          {formatCount(merge.hotEdges.count)} hot call sites, total weight {formatCount(merge.hotEdges.totalWeight)}
        </span>
        <OptionBadges merge={merge} />
      </div>
    </div>
  );
}

function Picker({ merges, base, target }: { merges: MergeDto[]; base?: string; target?: string }) {
  const option = (m: MergeDto) => (
    <option key={m.id} value={m.id}>
      {formatTimestamp(m.createdAt)} · {m.services.join(", ")}
    </option>
  );
  return (
    <form action="/merges/compare" method="get" className="flex flex-wrap items-end gap-3 text-sm">
      <label>
        <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Base (current default.pgo)</span>
        <select name="base" defaultValue={base ?? merges[1]?.id} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {merges.map(option)}
        </select>
      </label>
      <label>
        <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Target (replacement)</span>
        <select name="target" defaultValue={target ?? merges[0]?.id} className="rounded-md border border-slate-300 bg-white px-2 py-1.5">
          {merges.map(option)}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-blue-600 px-3 py-1.5 font-medium text-white hover:bg-blue-700">
        Compare
      </button>
    </form>
  );
}

export default async function CompareMergesPage({ searchParams }: Props) {
  const query = await searchParams;
  const baseId = one(query.base);
  const targetId = one(query.target);
  const deps = profileDeps();
  const merges = await mergeService().list(deps.db, 200);
  if (!baseId || !targetId) {
    return (
      <div className="space-y-6">
        <h1 className="text-2xl font-semibold">Compare merges</h1>
        {merges.length < 2 ? (
          <EmptyState title="Two merges are needed">
            Create merges on the <Link href="/merge" className="text-blue-700 underline">merge page</Link>; then compare any two to see which hot
            call sites appear, disappear or move when default.pgo is replaced.
          </EmptyState>
        ) : (
          <Section title="Pick two merges" description="Which hot call sites change if the target replaces the base?">
            <Picker merges={merges} />
          </Section>
        )}
      </div>
    );
  }
  let cmp;
  try {
    cmp = await mergeService().compare(deps, baseId, targetId, LIMIT);
  } catch (err) {
    if (err instanceof NotFoundError) notFound();
    throw err;
  }
  const { counts } = cmp;
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/merges" className="hover:underline">
          Merges
        </Link>{" "}
        / <span className="text-slate-900">compare</span>
      </nav>
      <h1 className="text-2xl font-semibold">Compare merges</h1>
      <div className="flex flex-wrap items-center gap-3">
        <Side role="Base (current)" merge={cmp.base} />
        <Link
          href={`/merges/compare?base=${encodeURIComponent(cmp.target.id)}&target=${encodeURIComponent(cmp.base.id)}`}
          className="inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm hover:bg-slate-50"
          title="Swap base and target"
        >
          <ArrowLeftRight className="h-4 w-4" aria-hidden /> Swap
        </Link>
        <Side role="Target (replacement)" merge={cmp.target} />
      </div>
      <p className="text-sm text-slate-700" data-testid="compare-summary">
        Replacing the base with the target, <strong>{formatCount(counts.appeared)}</strong> call sites become hot,{" "}
        <strong>{formatCount(counts.disappeared)}</strong> stop being hot, <strong>{formatCount(counts.moved)}</strong> stay hot at another rank or
        share, and {formatCount(cmp.unchanged)} {cmp.unchanged === 1 ? "stays" : "stay"} as {cmp.unchanged === 1 ? "it is" : "they are"}. Shares are of each file&apos;s total edge weight.
      </p>
      <Section title={`Become hot (${formatCount(counts.appeared)})`} description="They get the larger inlining budget after the update.">
        <ChangeTable kind="appeared" rows={cmp.appeared} label="Call sites that become hot" />
      </Section>
      <Section title={`Stop being hot (${formatCount(counts.disappeared)})`} description="They lose PGO's inlining budget after the update.">
        <ChangeTable kind="disappeared" rows={cmp.disappeared} label="Call sites that stop being hot" />
      </Section>
      <Section title={`Move (${formatCount(counts.moved)})`} description="Hot in both, at another rank or share of the weight; largest change first.">
        <ChangeTable kind="moved" rows={cmp.moved} label="Call sites that move" />
      </Section>
      {counts.appeared > LIMIT || counts.disappeared > LIMIT || counts.moved > LIMIT ? (
        <p className="text-xs text-slate-500">
          Tables show up to {LIMIT} rows each; <code className="font-mono">GET /api/merges/compare?base=…&amp;target=…</code> lists them all.
        </p>
      ) : null}
      <Section title="Another pair" description="Compare other merges.">
        <Picker merges={merges} base={cmp.base.id} target={cmp.target.id} />
      </Section>
    </div>
  );
}
