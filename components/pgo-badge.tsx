import type { ProfileDto } from "@/lib/profiles/profile-dto";

/** A few words for a PGO problem; the full sentence is in the tooltip and the API. */
function shortReason(problem: string): string {
  if (problem.includes("start_line")) return "no start_line (Go 1.19 or older)";
  if (problem.includes("samples/count or cpu/nanoseconds")) return "not a CPU profile";
  if (problem.includes("no samples")) return "no samples";
  if (problem.includes("total is zero")) return "zero CPU samples";
  return problem.length > 40 ? `${problem.slice(0, 40)}…` : problem;
}

/** Whether `go build -pgo` can use the profile, and why not. */
export function PgoBadge({ pgo }: { pgo: ProfileDto["pgo"] }) {
  if (pgo.usable) {
    return (
      <span className="inline-flex whitespace-nowrap rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800" data-testid="pgo-badge">
        PGO usable
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col gap-0.5" data-testid="pgo-badge" title={pgo.problems.join("\n")}>
      <span className="w-fit whitespace-nowrap rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Not PGO-usable</span>
      {pgo.problems.map((p) => (
        <span key={p} className="whitespace-nowrap text-xs text-amber-900">
          {shortReason(p)}
        </span>
      ))}
    </span>
  );
}

/** A profile's (or a merge's) bytes are gone from the store (the store sweep found it): nothing to view or download. */
export function DamagedBadge({ title = "The bytes of this profile are gone from the profile store: upload it again" }: { title?: string }) {
  return (
    <span
      className="inline-flex whitespace-nowrap rounded-full bg-red-100 px-2 py-0.5 text-xs font-medium text-red-800"
      data-testid="damaged-badge"
      title={title}
    >
      Damaged: bytes missing
    </span>
  );
}
