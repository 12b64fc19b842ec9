import Link from "next/link";

export default function SourceNotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Source not found</h1>
      <p className="mt-2 text-slate-600">No source has this id: it may have been deleted (its profiles stay).</p>
      <Link href="/sources" className="mt-4 inline-block text-blue-700 hover:underline">
        Back to the sources
      </Link>
    </div>
  );
}
