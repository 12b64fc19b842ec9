import Link from "next/link";

export default function ProfileNotFound() {
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-semibold">Profile not found</h1>
      <p className="mt-2 text-slate-600">No profile has this id: it may have been deleted, or the link is wrong.</p>
      <Link href="/" className="mt-4 inline-block text-blue-700 hover:underline">
        Back to services
      </Link>
    </div>
  );
}
