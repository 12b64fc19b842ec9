import { UploadPanel } from "@/components/upload-panel";
import { profileDeps } from "@/lib/profiles/context";
import { listServices } from "@/lib/profiles/queries";

export const dynamic = "force-dynamic";
export const metadata = { title: "Upload profiles" };

type Props = { searchParams: Promise<{ service?: string | string[] }> };

export default async function UploadPage({ searchParams }: Props) {
  const services = await listServices(profileDeps().db);
  const preset = (await searchParams).service;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">Upload profiles</h1>
        <p className="text-sm text-slate-600">
          Each file is checked, stored once per service (by its sha256) and summarised. Services send their own with curl: see the README.
        </p>
      </div>
      <UploadPanel services={services.map((s) => s.name)} initialService={typeof preset === "string" ? preset : ""} />
    </div>
  );
}
