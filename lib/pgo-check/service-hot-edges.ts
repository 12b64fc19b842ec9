// A service's own hot call sites: the merge preview of its profile alone (cached per profile), so
// the refresh check reads exactly what the Merge page shows for that profile.
import { mergeService, type MergeDeps } from "../merges/merge-service";
import { DEFAULT_OPTIONS } from "../merges/selection";
import type { ProfileDto } from "../profiles/profile-dto";
import type { ServiceHotEdges } from "./freshness";

export async function serviceHotEdges(deps: MergeDeps, profile: ProfileDto): Promise<ServiceHotEdges> {
  const base = { service: profile.service, profileId: profile.id, capturedAt: profile.capturedAt };
  if (!profile.pgo.usable) return { ...base, edges: [], problem: profile.pgo.problems.join("; ") || "not usable for PGO" };
  const view = await mergeService().previewView(deps, { profileIds: [profile.id], weights: {}, equalise: false, options: DEFAULT_OPTIONS });
  return { ...base, edges: view.hotEdges.edges, ...(view.hotEdges.error ? { problem: view.hotEdges.error } : {}) };
}
