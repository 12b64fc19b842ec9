import type { ReactNode } from "react";

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <section className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center text-sm text-slate-600">
      <h2 className="mb-2 text-base font-semibold text-slate-900">{title}</h2>
      <div className="mx-auto max-w-2xl">{children}</div>
    </section>
  );
}
