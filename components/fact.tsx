/** One labelled figure of a facts list (`<dl>`). */
export function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="num text-sm text-slate-900">{children}</dd>
    </div>
  );
}
