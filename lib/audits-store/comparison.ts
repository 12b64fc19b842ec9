import { compareScans, type ComparedFinding, type OpenIngressPermission } from "../audit";
import type { AuditDto } from "./audit-dto";
import type { AuditFindings } from "./findings-blob";

/** One finding of a comparison: an untagged instance, or one open rule of an instance. */
export interface ComparisonRow {
  kind: "untagged" | "open-ingress";
  account: string;
  region: string;
  instanceId: string;
  name: string | null;
  state: string;
  /** Untagged findings: the required keys missing. */
  missingTags?: string[];
  /** Open-ingress findings: the rule open to the internet. */
  permission?: OpenIngressPermission;
}

export interface AuditComparison {
  base: AuditDto;
  target: AuditDto;
  counts: { new: number; resolved: number; unchanged: number; unknown: number };
  /** In the target only. */
  new: ComparisonRow[];
  /** In the base only, in a region the target scanned successfully. */
  resolved: ComparisonRow[];
  /** In both. */
  unchanged: ComparisonRow[];
  /** In the base only, in a region the target failed or did not scan: neither resolved nor confirmed. */
  unknown: ComparisonRow[];
}

function row(item: ComparedFinding): ComparisonRow {
  const { region, instanceId, name, state } = item.finding;
  const account = item.finding.account ?? "self";
  if (item.kind === "untagged") return { kind: "untagged", account, region, instanceId, name, state, missingTags: item.finding.missingTags };
  return { kind: "open-ingress", account, region, instanceId, name, state, permission: item.permission };
}

function ofAccount(findings: AuditFindings, account: string | undefined): AuditFindings {
  if (!account) return findings;
  return { untagged: findings.untagged.filter((f) => f.account === account), openIngress: findings.openIngress.filter((f) => f.account === account) };
}

/** Findings of `base` (older) and `target` (newer) as new, resolved, unchanged and unknown; `account` keeps one account's. */
export function compareAudits(base: AuditDto, baseFindings: AuditFindings, target: AuditDto, targetFindings: AuditFindings, account?: string): AuditComparison {
  const regions = target.regions.map((r) => ({ account: r.account, region: r.region, status: r.status === "ok" ? ("ok" as const) : ("error" as const) }));
  const diff = compareScans(ofAccount(baseFindings, account), { ...ofAccount(targetFindings, account), regions });
  return {
    base,
    target,
    counts: { new: diff.new.length, resolved: diff.resolved.length, unchanged: diff.unchanged.length, unknown: diff.unknown.length },
    new: diff.new.map(row),
    resolved: diff.resolved.map(row),
    unchanged: diff.unchanged.map(row),
    unknown: diff.unknown.map(row),
  };
}
