import { SELF_ACCOUNT, type OpenIngressFinding, type UntaggedFinding } from "../audit";
import type { SeenFields, SeenOpenIngress, SeenUntagged } from "../audit/finding-history";
import { applySuppressions, type Muted, type Suppression } from "../audit/suppressions";
import type { AuditSummary } from "./audit-dto";
import type { AuditFindings } from "./findings-blob";

/** A finding as the API serves it: first seen, new, and the suppression that mutes it (or null). */
export type ReportedUntagged = Muted<SeenUntagged>;
export type ReportedOpenIngress = Muted<SeenOpenIngress>;

export interface ReportedFindings {
  /** Counted findings first, then the muted ones (suppressedBy set). */
  untagged: ReportedUntagged[];
  openIngress: ReportedOpenIngress[];
}

const unknownSeen = (startedAt: string): SeenFields => ({ firstSeenAt: startedAt, isNew: false, newness: "unknown" });

const hasSeen = (f: Partial<SeenFields>) => typeof f.firstSeenAt === "string";
const isComplete = (f: UntaggedFinding | OpenIngressFinding) => f.account !== undefined && f.tags !== undefined && f.groupIds !== undefined && hasSeen(f as Partial<SeenFields>);

/**
 * Findings stored before accounts, tags and first-seen times existed get their defaults: "self", no
 * tags, first seen at the scan's start. Findings that have them all (every blob written since) are
 * given as they are, not copied: nothing changes a finding in place.
 */
export function normalizeFindings(stored: { untagged: readonly UntaggedFinding[]; openIngress: readonly OpenIngressFinding[] }, startedAt: string): AuditFindings {
  const base = <T extends UntaggedFinding | OpenIngressFinding>(f: T) => ({ ...f, account: f.account ?? SELF_ACCOUNT, tags: f.tags ?? {}, groupIds: f.groupIds ?? [] });
  const seen = (f: Partial<SeenFields>) => (f.firstSeenAt ? {} : unknownSeen(startedAt));
  return {
    untagged: stored.untagged.map((f) => (isComplete(f) ? (f as SeenUntagged) : ({ ...unknownSeen(startedAt), ...base(f), ...seen(f as Partial<SeenFields>) } as SeenUntagged))),
    openIngress: stored.openIngress.map((f) =>
      isComplete(f) && f.permissions.every((p) => hasSeen(p as Partial<SeenFields>))
        ? (f as SeenOpenIngress)
        : ({
            ...unknownSeen(startedAt),
            ...base(f),
            ...seen(f as Partial<SeenFields>),
            permissions: f.permissions.map((p) => ({ ...unknownSeen(startedAt), ...p })),
          } as SeenOpenIngress),
    ),
  };
}

/** The findings with the suppressions in force at `now`, optionally of one account only. */
export function reportFindings(findings: AuditFindings, suppressions: readonly Suppression[], options: { account?: string; now?: number } = {}): ReportedFindings {
  const split = applySuppressions(findings, suppressions, options.now);
  const ofAccount = <T extends { account: string }>(list: T[]) => (options.account ? list.filter((f) => f.account === options.account) : list);
  return {
    untagged: ofAccount([...split.untagged, ...split.mutedUntagged]),
    openIngress: ofAccount([...split.openIngress, ...split.mutedOpenIngress]),
  };
}

/** The counts a summary shows: muted findings apart, new ones (not muted) counted. */
export function findingCounts(reported: ReportedFindings): Pick<AuditSummary, "untagged" | "openIngress" | "muted" | "newFindings"> {
  const counted = <T extends { suppressedBy: string | null }>(list: T[]) => list.filter((f) => f.suppressedBy === null);
  const untagged = counted(reported.untagged);
  const openIngress = counted(reported.openIngress);
  return {
    untagged: untagged.length,
    openIngress: openIngress.length,
    muted: { untagged: reported.untagged.length - untagged.length, openIngress: reported.openIngress.length - openIngress.length },
    newFindings: {
      untagged: untagged.filter((f) => f.isNew).length,
      openIngress: openIngress.filter((f) => f.isNew).length,
      critical: openIngress.reduce((n, f) => n + f.permissions.filter((p) => p.isNew && p.severity === "critical").length, 0),
    },
  };
}
