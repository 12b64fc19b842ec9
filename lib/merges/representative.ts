/**
 * "Representative of each service": of a service's last N CPU profiles (N = 14 by default, two
 * weeks of nightly batch runs), the one with the median total CPU: the run that processed a
 * typical amount of data, not an unusually small or large one.
 */
import type { Db } from "../db/client";
import type { Profile } from "../generated/sqlite/client";
import { NotFoundError } from "../http/errors";
import { toProfileDto, type ProfileDto } from "../profiles/profile-dto";

export const DEFAULT_LAST_RUNS = 14;
export const MAX_LAST_RUNS = 1000;

/** A profile's total CPU time in nanoseconds (its `cpu` sample type), or null when it has none. */
export function totalCpu(profile: Pick<ProfileDto, "totals">): number | null {
  const cpu = profile.totals.cpu;
  return typeof cpu === "number" && cpu > 0 ? cpu : null;
}

/**
 * The run with the median total CPU (the lower middle of an even count: always a real run). Give
 * the runs oldest first: runs of equal CPU (totals are whole sampling periods) stay in that order.
 */
export function medianRun<T>(runs: T[], value: (run: T) => number): T | undefined {
  if (runs.length === 0) return undefined;
  const sorted = [...runs].sort((a, b) => value(a) - value(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** The last `lastN` CPU profiles of a service, newest first. */
async function lastCpuProfiles(db: Db, service: string, lastN: number): Promise<Profile[]> {
  const rows = await db.profile.findMany({ where: { service }, orderBy: [{ capturedAt: "desc" }, { createdAt: "desc" }], take: lastN * 4 });
  return rows.filter((r) => totalCpu({ totals: r.totals as Record<string, number> }) !== null).slice(0, lastN);
}

export async function representativeProfile(db: Db, service: string, lastN = DEFAULT_LAST_RUNS): Promise<ProfileDto | undefined> {
  const rows = (await lastCpuProfiles(db, service, lastN)).map(toProfileDto);
  return medianRun(rows.reverse(), (p) => totalCpu(p)!);
}

/** The representative profile of each service, in order; a service without CPU profiles is a 404 naming it. */
export async function representativeProfiles(db: Db, services: string[], lastN = DEFAULT_LAST_RUNS): Promise<ProfileDto[]> {
  const picked = await Promise.all(services.map((s) => representativeProfile(db, s, lastN)));
  const missing = services.filter((_, i) => !picked[i]);
  if (missing.length > 0) throw new NotFoundError(`no CPU profiles for service ${missing.map((m) => `"${m}"`).join(", ")}: a representative run is picked among CPU profiles only`);
  return picked as ProfileDto[];
}

export interface BatchRunPoint {
  profileId: string;
  capturedAt: string;
  totalCpuNanos: number;
  source: string;
  representative: boolean;
}

/** A service's CPU profiles over time (oldest first) with its representative marked: the batch runs chart. */
export async function batchRunPoints(db: Db, service: string, lastN = DEFAULT_LAST_RUNS, shown = 60): Promise<BatchRunPoint[]> {
  const rows = (await lastCpuProfiles(db, service, Math.max(shown, lastN))).map(toProfileDto);
  const chosen = medianRun(rows.slice(0, lastN).reverse(), (p) => totalCpu(p)!);
  return rows.reverse().map((p) => ({ profileId: p.id, capturedAt: p.capturedAt, totalCpuNanos: totalCpu(p)!, source: p.source, representative: p.id === chosen?.id }));
}
