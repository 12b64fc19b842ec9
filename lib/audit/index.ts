export { scanFleet, DEFAULT_CONCURRENCY, DEFAULT_REGION_TIMEOUT_MS } from "./scanner";
export { compareScans, findingKey, placeKey, type ComparableScan, type ComparedFinding, type ScanComparison } from "./compare";
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
export { SELF_ACCOUNT } from "./scan-types";
export { scanAccounts, DEFAULT_ACCOUNT_CONCURRENCY, WHOLE_ACCOUNT, type AccountResult, type AccountScanOptions, type AccountScanResult } from "./scan-accounts";
export { assumeRoleCredentials, ROLE_SESSION_NAME, type AccountTarget, type AssumeRoleSettings } from "./account-credentials";
export { scanAccountsOnThreads, type ThreadScanOptions } from "./scan-threads";
