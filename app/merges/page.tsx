import Link from "next/link";
import { Layers } from "lucide-react";
import { EmptyState } from "@/components/empty-state";
import { CommittedPanel } from "@/components/merges/committed-panel";
import { MergesTable } from "@/components/merges/merges-table";
import { listServices } from "@/lib/profiles/queries";
import { mergeService } from "@/lib/merges/merge-service";
import { profileDeps } from "@/lib/profiles/context";

export const dynamic = "force-dynamic";
export const metadata = { title: "Merge history" };

export default async function MergesPage() {
  const db = profileDeps().db;
  const [merges, services] = await Promise.all([mergeService().list(db), listServices(db)]);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Merge history</h1>
          <p className="text-sm text-slate-600">Every stored default.pgo with its inputs and options, newest first. Any of them can be downloaded again.</p>
        </div>
        <Link
          href="/merge"
          className="inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          <Layers className="h-4 w-4" aria-hidden /> New merge
        </Link>
      </div>
      <CommittedPanel knownServices={services.map((s) => s.name)} />
      {merges.length === 0 ? (
        <EmptyState title="No merges yet">
          <p>
            Pick profiles on the <Link href="/merge" className="text-blue-700 underline">merge page</Link> and press <strong>Create default.pgo</strong>, or
            from a shell:
          </p>
          <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
            {`curl -fsS -H 'content-type: application/json' -d '{"profileIds":["<id>","<id>"]}' http://127.0.0.1:3000/api/merges`}
          </pre>
        </EmptyState>
      ) : (
        <MergesTable merges={merges} />
      )}
    </div>
  );
}
