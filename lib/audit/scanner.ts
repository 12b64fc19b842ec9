import pLimit from "p-limit";
import { configuredRegion, createEc2Client, DEFAULT_MAX_ATTEMPTS, knownSecrets } from "./ec2-client";
import { listRegions, regionsToScan, type RegionInfo } from "./region-list";
import { describeScanError, ScanFailedError } from "./scan-error";
import { INSTANCES_PAGE_SIZE } from "./list-instances";
import { scanRegion, type RegionScanOutput } from "./scan-region";
import { DEFAULT_CONCURRENCY } from "./scan-defaults";
import { SELF_ACCOUNT, type Ec2ClientFactory, type RegionResult, type RegionUpdate, type ScanOptions, type ScanResult } from "./scan-types";

export { DEFAULT_CONCURRENCY };
export const DEFAULT_REGION_TIMEOUT_MS = 10 * 60 * 1000;

const defaultFactory: Ec2ClientFactory = (region, { maxAttempts, credentials }) =>
  createEc2Client(region, { maxAttempts, ...(credentials ? { credentials } : {}) });

/** The clients scanFleet makes when given none: createEc2Client, the SDK's standard chains. */
export const defaultClientFactory = (): Ec2ClientFactory => defaultFactory;

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function errorResult(account: string, region: string, code: string, message: string): RegionScanOutput {
  const result: RegionResult = {
    account,
    region,
    status: "error",
    error: { code, message },
    total: 0,
    running: 0,
    untagged: 0,
    openIngress: 0,
    durationMs: 0,
  };
  return { result, findings: { untagged: [], openIngress: [] } };
}

/**
 * Scans the fleet: DescribeRegions once (cached 10 minutes), then each region at most
 * `concurrency` at a time. A failing region is reported (code and message) while the others
 * complete. Rejects only when `signal` aborts, the options are invalid, or the region list cannot
 * be read for regions "all" (ScanFailedError).
 */
export async function scanFleet(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const concurrency = positiveInteger("concurrency", options.concurrency ?? DEFAULT_CONCURRENCY);
  const maxAttempts = positiveInteger("maxAttempts", options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  const regionTimeoutMs = positiveInteger("regionTimeoutMs", options.regionTimeoutMs ?? DEFAULT_REGION_TIMEOUT_MS);
  const requiredTags = [...options.requiredTags];
  const baseFactory = options.clientFactory ?? defaultFactory;
  const account = options.account ?? SELF_ACCOUNT;
  const { credentials } = options;
  const factory = (region: string, defaults: { maxAttempts: number }) => baseFactory(region, credentials ? { ...defaults, credentials } : defaults);
  const { signal } = options;
  signal?.throwIfAborted();

  const notify = (region: string, update: RegionUpdate) => {
    try {
      options.onRegionUpdate?.(region, update);
    } catch {
      // A broken progress listener must not break the scan.
    }
  };

  // 1. Which regions.
  const homeClient = factory(options.homeRegion ?? (await configuredRegion()), { maxAttempts });
  let known: RegionInfo[] | undefined;
  try {
    known = await listRegions(homeClient, signal);
  } catch (error) {
    signal?.throwIfAborted();
    if (options.regions === "all") {
      throw new ScanFailedError(describeScanError(error, await knownSecrets(homeClient)));
    }
    // An explicit list is scanned as given when the list of regions cannot be read.
  } finally {
    if (!options.clientsKept) homeClient.destroy();
  }
  const regions =
    options.regions === "all" ? regionsToScan(known ?? [], options.includeNotOptedIn ?? false) : [...new Set(options.regions)];

  // 2. Each region, bounded.
  for (const region of regions) notify(region, { status: "queued" });
  const limit = pLimit(concurrency);
  const scanOne = async (region: string): Promise<RegionScanOutput> => {
    signal?.throwIfAborted();
    let output: RegionScanOutput;
    if (known && !known.some((info) => info.name === region)) {
      output = errorResult(account, region, "UnknownRegion", `${region} is not a region of this account's partition`);
    } else {
      notify(region, { status: "scanning", instances: 0 });
      const client = factory(region, { maxAttempts });
      try {
        output = await scanRegion({
          account,
          region,
          client,
          requiredTags,
          securityGroups: options.securityGroups ?? "all",
          instanceSlices: options.instanceSlices,
          knownLarge: (options.earlierInstanceCounts?.[region] ?? 0) > INSTANCES_PAGE_SIZE,
          timeoutMs: regionTimeoutMs,
          signal,
          onProgress: (instances) => notify(region, { status: "scanning", instances }),
        });
      } finally {
        if (!options.clientsKept) client.destroy();
      }
    }
    const { result } = output;
    notify(region, result.error ? { status: "error", error: result.error, result } : { status: "done", result });
    return output;
  };

  // The largest regions of the earlier scan start first: the longest chains must not wait for a place.
  const earlier = options.earlierInstanceCounts ?? {};
  const byStart = regions.map((region, i) => ({ region, i })).sort((a, b) => (earlier[b.region] ?? 0) - (earlier[a.region] ?? 0) || a.i - b.i);
  const scans = new Map(byStart.map(({ region }) => [region, limit(() => scanOne(region))]));
  let outputs: RegionScanOutput[];
  try {
    outputs = await Promise.all(regions.map((region) => scans.get(region)!));
  } catch (error) {
    limit.clearQueue();
    throw error;
  }

  // 3. Together.
  const results = outputs.map((output) => output.result);
  const untagged = outputs.flatMap((output) => output.findings.untagged);
  const openIngress = outputs.flatMap((output) => output.findings.openIngress);
  const durationMs = Math.round(performance.now() - started);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    requiredTags,
    regions: results,
    untagged,
    openIngress,
    summary: {
      instances: results.reduce((sum, r) => sum + r.total, 0),
      running: results.reduce((sum, r) => sum + r.running, 0),
      untagged: untagged.length,
      openIngress: openIngress.length,
      failedRegions: results.filter((r) => r.status === "error").length,
      regionsScanned: results.length,
      durationMs,
    },
  };
}
