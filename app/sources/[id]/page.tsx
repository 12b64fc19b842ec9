import Link from "next/link";
import { notFound } from "next/navigation";
import { SourceDetail } from "@/components/sources/source-detail";
import { db } from "@/lib/db/client";
import { isClientError } from "@/lib/http/errors";
import { getSource, listRuns, type SourceDto } from "@/lib/sources";
import { describeSource } from "@/lib/sources/describe-source";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Source" };

function Facts({ source }: { source: SourceDto }) {
  const facts: [string, string][] = [];
  if (source.kind === "s3") facts.push(["Bucket", source.bucket!], ["Prefix", source.prefix || "(whole bucket)"], ["Service", "the first key segment after the prefix"]);
  else facts.push(["Service", source.service!], ["Seconds to profile", String(source.seconds)]);
  if (source.kind === "endpoint") facts.push(["URLs", source.urls!.join("\n")]);
  if (source.kind === "ecs") facts.push(["ECS cluster", source.cluster!], ["ECS service", source.ecsService!], ["Admin port", String(source.port)]);
  facts.push(["Schedule", source.everyMinutes ? `every ${source.everyMinutes} minutes` : "only when asked"]);
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
      {facts.map(([name, value]) => (
        <div key={name} className="contents">
          <dt className="text-slate-500">{name}</dt>
          <dd className="whitespace-pre-line font-mono text-xs leading-5">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export default async function SourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  let source: SourceDto;
  try {
    source = await getSource(db(), id);
  } catch (err) {
    if (isClientError(err) && err.status === 404) notFound();
    throw err;
  }
  const [runs, principal] = await Promise.all([listRuns(db(), id), currentPrincipal()]);
  return (
    <div className="space-y-6">
      <div>
        <Link href="/sources" className="text-sm text-blue-700 hover:underline">
          ← Sources
        </Link>
        <h1 className="mt-1 break-all text-2xl font-semibold">{describeSource(source)}</h1>
      </div>
      <Facts source={source} />
      <SourceDetail sourceId={id} runs={runs} canOperate={principal?.role === "operator"} />
    </div>
  );
}
