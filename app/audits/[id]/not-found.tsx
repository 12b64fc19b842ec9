import Link from "next/link";

export default function AuditNotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Audit not found</h1>
      <p className="mt-2 text-slate-600">No audit has this id: the link may be wrong, or it was made on another Fleetscope.</p>
      <Link href="/audits" className="mt-4 inline-block text-blue-700 hover:underline">
        Back to the audits
      </Link>
    </div>
  );
}
