// The refresh check: a committed default.pgo against each service's latest profile.
import type { MergeDeps } from "../merges/merge-service";
import { mergeService } from "../merges/merge-service";
import { readCommittedFile } from "./committed-file";
import { DEFAULT_MIN_HOT_SHARE, freshnessReport, type FreshnessReport } from "./freshness";
import { serviceHotEdges } from "./service-hot-edges";

export async function checkCommittedFile(deps: MergeDeps, bytes: Uint8Array, services: string[], min = DEFAULT_MIN_HOT_SHARE): Promise<FreshnessReport> {
  const committed = await readCommittedFile(bytes, { maxDecompressedBytes: deps.maxDecompressedBytes });
  const latest = await mergeService().latestProfiles(deps.db, services);
  const own = await Promise.all(latest.map((profile) => serviceHotEdges(deps, profile)));
  return freshnessReport(committed, own, min);
}
