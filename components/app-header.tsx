import Link from "next/link";
import { Flame } from "lucide-react";
import type { Principal } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

type NavLink = { href: string; label: string; operatorOnly?: boolean };

const links: NavLink[] = [
  { href: "/", label: "Services" },
  { href: "/merge", label: "Merge" },
  { href: "/sources", label: "Sources" },
  { href: "/audits", label: "Audits" },
  { href: "/upload", label: "Upload", operatorOnly: true },
  { href: "/activity", label: "Activity" },
  { href: "/settings/users", label: "Settings", operatorOnly: true },
];

export function AppHeader({ principal }: { principal: Principal | null }) {
  const visible = links.filter((l) => !l.operatorOnly || principal?.role === "operator");
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center gap-8 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <Flame className="h-5 w-5 text-orange-500" aria-hidden />
          Fleetscope
        </Link>
        {principal ? (
          <nav aria-label="Main" className="flex gap-5 text-sm">
            {visible.map((l) => (
              <Link key={l.href} href={l.href} className="text-slate-600 hover:text-slate-900">
                {l.label}
              </Link>
            ))}
          </nav>
        ) : null}
        <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
          {principal?.kind === "user" ? (
            <>
              <span data-testid="signed-in-as">
                {principal.name} <span className="text-slate-400">({principal.role})</span>
              </span>
              <SignOutButton />
            </>
          ) : principal?.kind === "local" ? (
            <span className="text-xs text-slate-500" title="No users are configured, so the dashboard only answers on loopback">
              local mode, no sign-in
            </span>
          ) : null}
        </div>
      </div>
    </header>
  );
}
