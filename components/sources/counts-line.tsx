import type { RunCounts } from "@/lib/sources/source-dto";
import { ITEM_LABEL } from "./badges";

/** "12 stored · 3 unchanged · 1 failed": the non-zero counts of a run. */
export function CountsLine({ counts }: { counts: RunCounts }) {
  const parts = (Object.keys(counts) as (keyof RunCounts)[]).filter((k) => counts[k] > 0).map((k) => `${counts[k]} ${ITEM_LABEL[k]}`);
  return <span data-testid="run-counts">{parts.length > 0 ? parts.join(" · ") : "nothing yet"}</span>;
}
