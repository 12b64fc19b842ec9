import Link from "next/link";
import { Upload } from "lucide-react";
import { ServicesTable } from "@/components/services-table";
import { EmptyState } from "@/components/empty-state";
import { listServices } from "@/lib/profiles/queries";
import { profileDeps } from "@/lib/profiles/context";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const services = await listServices(profileDeps().db);
  return (
    <div className="space-y-6">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Services</h1>
          <p className="text-sm text-slate-600">CPU profiles per service, ready to merge into one default.pgo.</p>
        </div>
        <Link
          href="/upload"
          className="inline-flex items-center gap-2 rounded-md bg-blue-600 px-4 py-2 text-sm font-medium text-white hover:bg-blue-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-500 focus-visible:ring-offset-2"
        >
          <Upload className="h-4 w-4" aria-hidden /> Upload profiles
        </Link>
      </div>
      {services.length === 0 ? (
        <EmptyState title="No profiles yet">
          <p>
            Drop <code>.pprof</code> files on the <Link href="/upload" className="text-blue-700 underline">upload page</Link>, or
            send one from a shell:
          </p>
          <pre className="mt-3 overflow-x-auto rounded bg-slate-900 p-3 text-left text-xs text-slate-100">
            {`curl -fsS --data-binary @cpu.pprof "http://127.0.0.1:3000/api/profiles?service=users&label=version:1.4.2"`}
          </pre>
        </EmptyState>
      ) : (
        <ServicesTable services={services} />
      )}
    </div>
  );
}
