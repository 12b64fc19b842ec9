import Link from "next/link";
import { Flame } from "lucide-react";

const links = [
  { href: "/", label: "Services" },
  { href: "/upload", label: "Upload" },
];

export function AppHeader() {
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-7xl items-center gap-8 px-6 py-3">
        <Link href="/" className="flex items-center gap-2 font-semibold text-slate-900">
          <Flame className="h-5 w-5 text-orange-500" aria-hidden />
          Fleetscope
        </Link>
        <nav aria-label="Main" className="flex gap-5 text-sm">
          {links.map((l) => (
            <Link key={l.href} href={l.href} className="text-slate-600 hover:text-slate-900">
              {l.label}
            </Link>
          ))}
        </nav>
      </div>
    </header>
  );
}
