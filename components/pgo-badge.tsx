import type { ProfileDto } from "@/lib/profiles/profile-dto";

/** Whether `go build -pgo` can use the profile, and why not. */
export function PgoBadge({ pgo }: { pgo: ProfileDto["pgo"] }) {
  if (pgo.usable) {
    return (
      <span className="inline-flex rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-medium text-emerald-800" data-testid="pgo-badge">
        PGO usable
      </span>
    );
  }
  return (
    <span
      className="inline-flex cursor-help rounded-full bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900"
      title={pgo.problems.join("\n")}
      data-testid="pgo-badge"
    >
      Not PGO-usable: {pgo.problems[0]}
      {pgo.problems.length > 1 ? ` (+${pgo.problems.length - 1})` : ""}
    </span>
  );
}
