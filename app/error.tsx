"use client";

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-xl rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900">
      <h1 className="text-lg font-semibold">Something went wrong</h1>
      <p className="mt-2">The server could not complete this page{error.digest ? ` (reference ${error.digest})` : ""}.</p>
      <button type="button" onClick={reset} className="mt-4 rounded-md bg-red-600 px-3 py-1.5 font-medium text-white">
        Try again
      </button>
    </div>
  );
}
