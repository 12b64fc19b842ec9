export { scanFleet, DEFAULT_CONCURRENCY, DEFAULT_REGION_TIMEOUT_MS } from "./scanner";
export { compareScans, type ComparableScan, type ComparedFinding, type ScanComparison } from "./compare";
export {
  findingsToCsv,
  findingsToJson,
  neutralizeFormula,
  OPEN_INGRESS_CSV_COLUMNS,
  UNTAGGED_CSV_COLUMNS,
  type FindingKind,
} from "./export";
export { createEc2Client, configuredRegion, DEFAULT_MAX_ATTEMPTS } from "./ec2-client";
export { clearRegionCache, listRegions, REGION_CACHE_TTL_MS, type RegionInfo } from "./region-list";
export { describeScanError, ScanFailedError } from "./scan-error";
export { auditRequestSchema, DEFAULT_REQUIRED_TAGS, MAX_REQUIRED_TAGS, REGION_NAME, type AuditRequest } from "./audit-request";
export * from "./rules";
export type * from "./scan-types";
