// The refresh check over time: the committed default.pgo against each of a service's recent
// profiles, oldest first, so a chart shows coverage falling as the code moves on.
import pLimit from "p-limit";
import type { MergeDeps } from "../merges/merge-service";
import { toProfileDto } from "../profiles/profile-dto";
import type { CommittedFile } from "./committed-file";
import { serviceFreshness, summariseFreshness, type FreshnessReport, type ServiceFreshness } from "./freshness";
import { serviceHotEdges } from "./service-hot-edges";

export const TREND_PROFILES_PER_SERVICE = 30;

export interface ServiceTrend {
  service: string;
  /** One per profile, oldest first; the last one is the service's latest profile. */
  points: ServiceFreshness[];
}

export interface CommittedTrend {
  services: ServiceTrend[];
  /** The check against each service's latest profile (what POST /api/pgo/check answers). */
  report: FreshnessReport;
  /** Services the file is for that have no profile yet. */
  withoutProfiles: string[];
}

export async function committedTrend(deps: MergeDeps, committed: CommittedFile, services: string[], min: number): Promise<CommittedTrend> {
  const limit = pLimit(2);
  const trends: ServiceTrend[] = [];
  const withoutProfiles: string[] = [];
  for (const service of services) {
    const rows = await deps.db.profile.findMany({
      where: { service },
      orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }],
      take: TREND_PROFILES_PER_SERVICE,
    });
    if (rows.length === 0) {
      withoutProfiles.push(service);
      continue;
    }
    const own = await Promise.all(rows.reverse().map((row) => limit(() => serviceHotEdges(deps, toProfileDto(row)))));
    trends.push({ service, points: own.map((o) => serviceFreshness(committed, o)) });
  }
  const latest = trends.map((t) => t.points[t.points.length - 1]);
  return { services: trends, report: summariseFreshness(latest, min), withoutProfiles };
}
