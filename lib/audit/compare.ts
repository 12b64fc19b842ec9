import type { OpenIngressPermission } from "./rules/open-ingress";
import { SELF_ACCOUNT, type OpenIngressFinding, type RegionResult, type UntaggedFinding } from "./scan-types";

/** What compareScans reads of a scan: its findings and, if known, which regions it covered. */
export interface ComparableScan {
  untagged: readonly UntaggedFinding[];
  openIngress: readonly OpenIngressFinding[];
  regions?: readonly (Pick<RegionResult, "region" | "status"> & { account?: string })[];
}

export type ComparedFinding =
  | { kind: "untagged"; key: string; finding: UntaggedFinding }
  | { kind: "open-ingress"; key: string; finding: OpenIngressFinding; permission: OpenIngressPermission };

export interface ScanComparison {
  /** In the newer scan only. */
  new: ComparedFinding[];
  /** In the older scan only, in a region the newer scan read successfully. */
  resolved: ComparedFinding[];
  /** In both (details from the newer scan). */
  unchanged: ComparedFinding[];
  /** In the older scan, in a region the newer scan failed or skipped: neither resolved nor confirmed. */
  unknown: ComparedFinding[];
}

/** Where a finding lives: account and region (findings stored before accounts existed are "self"'s). */
export const placeKey = (account: string | undefined, region: string): string => `${account ?? SELF_ACCOUNT}/${region}`;

/** The key of an untagged finding (account, region, instance); open ingress adds the rule. */
export function findingKey(kind: "untagged", finding: UntaggedFinding): string;
export function findingKey(kind: "open-ingress", finding: OpenIngressFinding, permission: OpenIngressPermission): string;
export function findingKey(kind: "untagged" | "open-ingress", finding: UntaggedFinding | OpenIngressFinding, permission?: OpenIngressPermission): string {
  // Fields joined by NUL, which no id, name or CIDR holds (a first-seen stamp keys every finding of two scans).
  const place = `${kind}\0${finding.account ?? SELF_ACCOUNT}\0${finding.region}\0${finding.instanceId}`;
  if (!permission) return place;
  return `${place}\0${permission.groupId}\0${permission.protocol}\0${permission.fromPort}\0${permission.toPort}\0${permission.cidr}`;
}

/** Untagged findings are keyed by region and instance; open ingress per permission (group, protocol, ports, CIDR). */
function flatten(scan: ComparableScan): ComparedFinding[] {
  const items: ComparedFinding[] = [];
  for (const finding of scan.untagged) {
    items.push({ kind: "untagged", key: findingKey("untagged", finding), finding });
  }
  for (const finding of scan.openIngress) {
    for (const permission of finding.permissions) {
      const key = findingKey("open-ingress", finding, permission);
      items.push({ kind: "open-ingress", key, finding, permission });
    }
  }
  return items;
}

/**
 * Compares an older scan `a` with a newer scan `b`. Findings of `a` in a region `b` did not scan
 * successfully are "unknown", not "resolved" (when `b.regions` is given).
 */
export function compareScans(a: ComparableScan, b: ComparableScan): ScanComparison {
  const before = new Map(flatten(a).map((item) => [item.key, item]));
  const after = new Map(flatten(b).map((item) => [item.key, item]));
  const okRegions = b.regions ? new Set(b.regions.filter((r) => r.status === "ok").map((r) => placeKey(r.account, r.region))) : undefined;

  const comparison: ScanComparison = { new: [], resolved: [], unchanged: [], unknown: [] };
  for (const [key, item] of after) (before.has(key) ? comparison.unchanged : comparison.new).push(item);
  for (const [key, item] of before) {
    if (after.has(key)) continue;
    if (okRegions && !okRegions.has(placeKey(item.finding.account, item.finding.region))) comparison.unknown.push(item);
    else comparison.resolved.push(item);
  }
  return comparison;
}
