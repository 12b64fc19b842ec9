import { DescribeRegionsCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { credentialScopeKey } from "./ec2-client";

export interface RegionInfo {
  name: string;
  /** opt-in-not-required, opted-in or not-opted-in. */
  optInStatus: string;
}

export const REGION_CACHE_TTL_MS = 10 * 60 * 1000;

const cache = new Map<string, { expiresAt: number; regions: Promise<RegionInfo[]> }>();

/** Forgets every cached region list (tests, or after credentials change). */
export function clearRegionCache(): void {
  cache.clear();
}

/**
 * Every region with its opt-in status (DescribeRegions AllRegions=true), cached in-process for
 * 10 minutes per credentials scope (access key, home region, endpoint). Concurrent scans share one
 * call; failures are not cached.
 */
export async function listRegions(client: EC2Client, signal?: AbortSignal, now = Date.now()): Promise<RegionInfo[]> {
  const key = await credentialScopeKey(client);
  const hit = cache.get(key);
  if (hit && hit.expiresAt > now) return hit.regions;

  const regions = client
    .send(new DescribeRegionsCommand({ AllRegions: true }), { abortSignal: signal })
    .then((output) =>
      (output.Regions ?? [])
        .filter((region): region is typeof region & { RegionName: string } => !!region.RegionName)
        .map((region) => ({ name: region.RegionName, optInStatus: region.OptInStatus ?? "opt-in-not-required" }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  cache.set(key, { expiresAt: now + REGION_CACHE_TTL_MS, regions });
  regions.catch(() => {
    if (cache.get(key)?.regions === regions) cache.delete(key);
  });
  return regions;
}

/** Regions a scan of "all" covers: not-opted-in ones only when asked. */
export function regionsToScan(regions: readonly RegionInfo[], includeNotOptedIn: boolean): string[] {
  return regions.filter((region) => includeNotOptedIn || region.optInStatus !== "not-opted-in").map((region) => region.name);
}
