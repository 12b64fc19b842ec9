import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditReport } from "@/components/audits/audit-report";
import { auditStore, scopeKey, type AuditDto } from "@/lib/audits-store";
import { isClientError } from "@/lib/http/errors";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

type Props = { params: Promise<{ id: string }> };

/** The newest finished audit of the same regions and tags started before this one. */
async function previousOf(audit: AuditDto): Promise<string | null> {
  const key = scopeKey({ regions: audit.regionsRequested, requiredTags: audit.requiredTags });
  const older = (await auditStore().list()).filter((a) => a.startedAt < audit.startedAt && a.findingsAvailable);
  return older.find((a) => scopeKey({ regions: a.regionsRequested, requiredTags: a.requiredTags }) === key)?.id ?? null;
}

export default async function AuditPage({ params }: Props) {
  const { id } = await params;
  let audit: AuditDto;
  try {
    audit = await auditStore().get(id);
  } catch (err) {
    // Duck-typed: the store lives on globalThis, possibly built into another bundle than this page.
    if (isClientError(err) && err.status === 404) notFound();
    throw err;
  }
  const [principal, previousId] = await Promise.all([currentPrincipal(), previousOf(audit)]);
  return (
    <div className="space-y-4">
      <Link href="/audits" className="text-sm text-blue-700 hover:underline">
        ← All audits
      </Link>
      <AuditReport initialAudit={audit} canOperate={principal?.role === "operator"} previousId={previousId} />
    </div>
  );
}
