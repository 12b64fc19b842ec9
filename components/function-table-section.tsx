import type { ReactNode } from "react";

/**
 * A section holding a table of functions (a profile's top table, a comparison's changes): its
 * heading, a line about what it shows, and the box that filters it by function name.
 */
export function FunctionTableSection({
  id,
  title,
  description,
  filter,
  onFilterChange,
  children,
}: {
  id: string;
  title: string;
  description: ReactNode;
  filter: string;
  onFilterChange: (filter: string) => void;
  children: ReactNode;
}) {
  return (
    <section className="space-y-2" aria-labelledby={id}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 id={id} className="text-lg font-semibold">
            {title}
          </h2>
          <p className="text-sm text-slate-600">{description}</p>
        </div>
        <label className="text-sm">
          <span className="sr-only">Filter functions</span>
          <input
            type="search"
            value={filter}
            onChange={(e) => onFilterChange(e.target.value)}
            placeholder="Filter by name"
            className="w-64 rounded-md border border-slate-300 px-2 py-1.5 text-sm"
          />
        </label>
      </div>
      {children}
    </section>
  );
}
