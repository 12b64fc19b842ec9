import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Not found</h1>
      <p className="mt-2 text-slate-600">There is nothing here: the service may have no profiles left, or the link is wrong.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 hover:underline">
        Back to services
      </Link>
    </div>
  );
}
