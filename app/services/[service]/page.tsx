import Link from "next/link";
import { notFound } from "next/navigation";
import { Upload } from "lucide-react";
import { ProfilesTable } from "@/components/profiles-table";
import { BatchRunsChart } from "@/components/sources/batch-runs-chart";
import { batchRunPoints } from "@/lib/merges/representative";
import { profileDeps } from "@/lib/profiles/context";
import { listProfiles } from "@/lib/profiles/queries";
import { serviceNameSchema } from "@/lib/profiles/service-name";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ service: string }> };

export async function generateMetadata({ params }: Props) {
  const { service } = await params;
  return { title: decodeURIComponent(service) };
}

export default async function ServicePage({ params }: Props) {
  const parsed = serviceNameSchema.safeParse(decodeURIComponent((await params).service));
  if (!parsed.success) notFound();
  const service = parsed.data;
  const profiles = await listProfiles(profileDeps().db, service);
  if (profiles.length === 0) notFound();
  // A service fed by batch jobs (profiles collected from S3) shows its runs as a chart.
  const runs = await batchRunPoints(profileDeps().db, service);
  const batchRuns = runs.filter((r) => r.source.startsWith("s3://")).length >= 2 ? runs : [];
  return (
    <div className="space-y-6">
      <nav className="text-sm text-slate-500" aria-label="Breadcrumb">
        <Link href="/" className="hover:underline">
          Services
        </Link>{" "}
        / <span className="text-slate-900">{service}</span>
      </nav>
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{service}</h1>
          <p className="text-sm text-slate-600">
            {profiles.length} profile{profiles.length === 1 ? "" : "s"}, newest first.
          </p>
        </div>
        <Link
          href={`/upload?service=${encodeURIComponent(service)}`}
          className="inline-flex items-center gap-2 rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-50"
        >
          <Upload className="h-4 w-4" aria-hidden /> Upload to {service}
        </Link>
      </div>
      {batchRuns.length > 0 ? <BatchRunsChart points={batchRuns} /> : null}
      <ProfilesTable profiles={profiles} />
    </div>
  );
}
