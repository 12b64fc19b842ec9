import Link from "next/link";

export default function MergeNotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Merge not found</h1>
      <p className="mt-2 text-slate-600">No stored merge has this id: the link may be wrong.</p>
      <Link href="/merges" className="mt-4 inline-block text-blue-700 hover:underline">
        Back to the merge history
      </Link>
    </div>
  );
}
