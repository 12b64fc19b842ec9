import Link from "next/link";

const tabs = [
  { id: "scans", href: "/audits", label: "Scans" },
  { id: "accounts", href: "/audits/accounts", label: "Accounts" },
  { id: "suppressions", href: "/audits/suppressions", label: "Suppressions" },
  { id: "schedules", href: "/audits/schedules", label: "Schedules and alerts" },
] as const;

/** The tabs of the audit pages. */
export function AuditsNav({ current }: { current: (typeof tabs)[number]["id"] }) {
  return (
    <nav aria-label="Audits" className="flex gap-1 border-b border-slate-200 text-sm">
      {tabs.map((t) => (
        <Link
          key={t.id}
          href={t.href}
          aria-current={t.id === current ? "page" : undefined}
          className={`-mb-px border-b-2 px-3 py-2 ${t.id === current ? "border-blue-600 font-medium text-slate-900" : "border-transparent text-slate-600 hover:text-slate-900"}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
