import { EmptyState } from "@/components/empty-state";
import { AddSourceForm } from "@/components/sources/add-source-form";
import { SourcesTable } from "@/components/sources/sources-table";
import { db } from "@/lib/db/client";
import { listSources } from "@/lib/sources";
import { currentPrincipal } from "../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sources" };

export default async function SourcesPage() {
  const [sources, principal] = await Promise.all([listSources(db()), currentPrincipal()]);
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Sources</h1>
        <p className="text-sm text-slate-600">
          Where profiles are collected from: the S3 bucket batch jobs write to, admin ports serving net/http/pprof, and the running tasks of ECS services. Collect now, or
          every N minutes.
        </p>
      </div>
      {principal?.role === "operator" ? (
        <AddSourceForm />
      ) : (
        <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-600">Adding a source needs the operator role; you can follow every run.</p>
      )}
      <section className="space-y-3" aria-labelledby="sources-heading">
        <h2 id="sources-heading" className="text-lg font-semibold">
          Sources
        </h2>
        {sources.length === 0 ? (
          <EmptyState title="No sources yet">
            <p>Add one above, or from a shell (an operator token when sign-in is on):</p>
            <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
              {`curl -fsS -H 'content-type: application/json' -d '{"kind":"endpoint","service":"users","urls":["http://10.0.1.12:6060"],"seconds":30}' http://127.0.0.1:3000/api/sources`}
            </pre>
          </EmptyState>
        ) : (
          <SourcesTable sources={sources} />
        )}
      </section>
    </div>
  );
}
