import type { EC2Client } from "@aws-sdk/client-ec2";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { OpenIngressPermission } from "./rules/open-ingress";

/** What a failed region or call reports: EC2's code and message, never credentials. */
export interface ScanErrorInfo {
  /** EC2's error code (AuthFailure, UnauthorizedOperation, RequestLimitExceeded...), TimeoutError, RegionTimeout... */
  code: string;
  message: string;
  httpStatus?: number;
  /** How many attempts the SDK made before giving up. */
  attempts?: number;
}

/** The account of a scan done with the server's own credentials (no role assumed). */
export const SELF_ACCOUNT = "self";

export interface RegionResult {
  /** The account id, or "self" for the server's own credentials. */
  account: string;
  /** The region; "*" for an account that failed as a whole (its role could not be assumed). */
  region: string;
  status: "ok" | "error";
  error?: ScanErrorInfo;
  /** Instances in every state. */
  total: number;
  running: number;
  /** Instances lacking at least one required tag. */
  untagged: number;
  /** Instances with at least one ingress rule open to 0.0.0.0/0 or ::/0. */
  openIngress: number;
  durationMs: number;
}

export interface InstanceRef {
  /** The account id, or "self" for the server's own credentials. */
  account: string;
  region: string;
  instanceId: string;
  /** The `Name` tag, or null. */
  name: string | null;
  /** pending, running, shutting-down, terminated, stopping or stopped. */
  state: string;
  /** The instance's tags (key to value), for suppressions that match a tag. */
  tags: Record<string, string>;
  /** The security groups of the instance and its network interfaces. */
  groupIds: string[];
}

export interface UntaggedFinding extends InstanceRef {
  missingTags: string[];
}

export interface OpenIngressFinding extends InstanceRef {
  permissions: OpenIngressPermission[];
}

export interface ScanSummary {
  instances: number;
  running: number;
  untagged: number;
  openIngress: number;
  failedRegions: number;
  regionsScanned: number;
  durationMs: number;
  /** Accounts scanned, and those whose role could not be assumed (or whose regions could not be listed). */
  accounts?: number;
  failedAccounts?: number;
}

export interface ScanResult {
  startedAt: string;
  finishedAt: string;
  requiredTags: string[];
  regions: RegionResult[];
  untagged: UntaggedFinding[];
  openIngress: OpenIngressFinding[];
  summary: ScanSummary;
}

/** Progress of one region: queued, then scanning (instances listed so far), then done or error. */
export type RegionUpdate =
  | { status: "queued" }
  | { status: "scanning"; instances: number }
  | { status: "done"; result: RegionResult }
  | { status: "error"; error: ScanErrorInfo; result: RegionResult };

/**
 * Makes the client of one region; `defaults` carries the scan's retry settings and, for an
 * account reached through a role, the credentials to use (else the factory's own).
 */
export type Ec2ClientFactory = (region: string, defaults: { maxAttempts: number; credentials?: AwsCredentialIdentityProvider }) => EC2Client;

/**
 * How a region's security groups are read. "all": every group of the region, paged, at the same
 * time as the instances (fewest round trips in sequence). "referenced": after the instances, only
 * the groups they use, by `group-id` filter (fewer bytes when most groups are unused).
 */
export type SecurityGroupMode = "all" | "referenced";

export interface ScanOptions {
  /** The account the findings and regions are labelled with (default "self"). */
  account?: string;
  /** Credentials of that account (default: the client factory's own, the SDK's chain). */
  credentials?: AwsCredentialIdentityProvider;
  /** "all" enabled regions (from DescribeRegions) or a list of names. */
  regions: "all" | readonly string[];
  requiredTags: readonly string[];
  /** With regions "all": also scan regions whose opt-in status is `not-opted-in` (they answer AuthFailure). */
  includeNotOptedIn?: boolean;
  /** Regions scanned at the same time (default 32: every commercial region at once). */
  concurrency?: number;
  /** SDK attempts per call, standard retry mode (default 10). */
  maxAttempts?: number;
  /** Default: `createEc2Client` (standard credential, region and endpoint chain). */
  clientFactory?: Ec2ClientFactory;
  /** The factory's clients outlive the scan (a pool's, kept for the next scans): not destroyed at the end. */
  clientsKept?: boolean;
  /** The region DescribeRegions is sent to; default: the SDK's configured region, else us-east-1. */
  homeRegion?: string;
  securityGroups?: SecurityGroupMode;
  /**
   * A region of more than one page of instances is paged in 16 slices of instance ids at once
   * (two round trips in sequence instead of one per 1,000 instances). Default true; false pages
   * one nextToken after another.
   */
  instanceSlices?: boolean;
  /**
   * Instances per region in an earlier scan: a region that had more than one page asks for its
   * slices at once, beside its first page, saving a round trip. Optional; a region missing here is
   * read first page first.
   */
  earlierInstanceCounts?: Readonly<Record<string, number>>;
  /** A region still running after this long is stopped and reported as RegionTimeout (default 10 min). */
  regionTimeoutMs?: number;
  onRegionUpdate?: (region: string, update: RegionUpdate) => void;
  /** Aborting rejects the scan with the signal's reason and cancels calls in flight. */
  signal?: AbortSignal;
}
