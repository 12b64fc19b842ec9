import type { AccountTarget, AssumeRoleSettings } from "./account-credentials";
import type { AccountOutput } from "./scan-accounts";
import type { RegionResult, RegionUpdate, ScanErrorInfo, SecurityGroupMode } from "./scan-types";

/** What a scan thread is asked to scan: plain data (the clients are the SDK's chains, made on the thread). */
export interface ThreadScanJob {
  accounts: AccountTarget[];
  regions: "all" | string[];
  requiredTags: string[];
  concurrency?: number;
  accountConcurrency: number;
  maxAttempts?: number;
  homeRegion?: string;
  assumeRole?: AssumeRoleSettings;
  securityGroups?: SecurityGroupMode;
  earlierInstanceCounts?: Record<string, Record<string, number>>;
}

export type ToThread = { id: number; job: ThreadScanJob } | { id: number; abort: true };

export type FromThread =
  | { id: number; region: { account: string; region: string; update: RegionUpdate } }
  | { id: number; accountFailed: RegionResult }
  | { id: number; outputs: AccountOutput[] }
  | { id: number; error: { scanFailed?: ScanErrorInfo; aborted?: boolean; message: string } };
