import Link from "next/link";
import { Download, GitCompare, Layers } from "lucide-react";
import type { MergeDto } from "@/lib/merges/merge-dto";
import { formatBytes, formatTimestamp } from "@/lib/format";
import { InputServiceCell } from "./input-service-cell";
import { pct } from "./merge-format";
import { Section } from "./merge-panels";
import { OptionBadges } from "./option-badges";
import { Fact } from "../fact";

/** The merge page's address that rebuilds this merge: its inputs, weights and options. */
export function mergeAgainQuery(merge: MergeDto): string {
  const again = new URLSearchParams();
  for (const i of merge.inputs) again.append("profileId", i.profileId);
  if (merge.options.weights === "equal") again.set("equalise", "1");
  else for (const i of merge.inputs) if (i.weight !== 1) again.append("weight", `${i.profileId}:${i.weight}`);
  if (!merge.options.dropLabels) again.set("dropLabels", "0");
  if (merge.options.minimal) again.set("minimal", "1");
  if (merge.options.guardHazards) again.set("guardHazards", "1");
  return again.toString();
}

/** Title, author, download, and "Open in the merge page" while every input is still stored. */
export function StoredMergeHeader({ merge, inputsPresent }: { merge: MergeDto; inputsPresent: boolean }) {
  return (
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
        {inputsPresent ? (
          <Link href={`/merge?${mergeAgainQuery(merge)}`} className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50">
            <Layers className="h-4 w-4" aria-hidden /> Open in the merge page
          </Link>
        ) : null}
      </div>
    </div>
  );
}

/** Size, inputs, sample value, options, sha256 and id. */
export function StoredMergeFacts({ merge }: { merge: MergeDto }) {
  return (
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
  );
}

type Input = MergeDto["inputs"][number];
const header = "px-2 py-1.5 font-medium";

/** The inputs in merge order, each linked while its profile is still stored. */
export function StoredMergeInputs({ merge, present }: { merge: MergeDto; present: Set<string> }) {
  const share = new Map(merge.contributions.map((c) => [c.profileId, c.share]));
  return (
    <Section title="Inputs" description="In merge order: pprof takes the sample type order and period type from the first.">
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" aria-label="Inputs">
          <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th scope="col" className={header}>Service</th>
              <th scope="col" className={header}>Captured</th>
              <th scope="col" className={`${header} text-right`}>Weight</th>
              <th scope="col" className={`${header} text-right`}>Share</th>
              <th scope="col" className={header}>Profile sha256</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {merge.inputs.map((i, k) => (
              <InputRow key={i.profileId} input={i} colorIndex={k} stored={present.has(i.profileId)} share={share.get(i.profileId) ?? 0} />
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function InputRow({ input: i, colorIndex, stored, share }: { input: Input; colorIndex: number; stored: boolean; share: number }) {
  return (
    <tr>
      <InputServiceCell service={i.service} colorIndex={colorIndex} />
      <td className="num px-2 py-1.5">
        {stored ? (
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
      <td className="num px-2 py-1.5 text-right">{pct(share)}</td>
      <td className="px-2 py-1.5 font-mono text-xs text-slate-600">{i.sha256.slice(0, 12)}</td>
    </tr>
  );
}

/** Pick another stored merge to compare this one with. */
export function CompareWithForm({ merge, others }: { merge: MergeDto; others: MergeDto[] }) {
  return (
    <Section title="Compare" description="What changes for the compiler if this file replaces another one (or the other way round).">
      <form action="/merges/compare" method="get" className="flex flex-wrap items-end gap-3 text-sm">
        <input type="hidden" name="target" value={merge.id} />
        <label>
          <span className="mb-1 block text-xs font-medium uppercase tracking-wide text-slate-500">Current default.pgo (base)</span>
          <select name="base" className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
            {others.map((m) => (
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
  );
}
