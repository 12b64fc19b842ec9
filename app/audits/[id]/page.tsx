import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditReport } from "@/components/audits/audit-report";
import { auditStore, previousOfSameScope, type AuditDto } from "@/lib/audits-store";
import { isClientError } from "@/lib/http/errors";
import { currentPrincipal } from "../../_lib/current-principal";

export const dynamic = "force-dynamic";
export const metadata = { title: "Audit" };

type Props = { params: Promise<{ id: string }> };

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
  const [principal, audits] = await Promise.all([currentPrincipal(), auditStore().list()]);
  const previousId = previousOfSameScope(audits, audit)?.id ?? null;
  return (
    <div className="space-y-4">
      <Link href="/audits" className="text-sm text-blue-700 hover:underline">
        ← All audits
      </Link>
      <AuditReport initialAudit={audit} canOperate={principal?.role === "operator"} previousId={previousId} />
    </div>
  );
}
