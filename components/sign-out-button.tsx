"use client";

export function SignOutButton() {
  return (
    <button
      type="button"
      className="rounded-md border border-slate-300 px-2 py-1 hover:bg-slate-50"
      onClick={async () => {
        await fetch("/api/session", { method: "DELETE" });
        window.location.assign("/signin");
      }}
    >
      Sign out
    </button>
  );
}
