import { z } from "zod";
import { REGION_NAME } from "./audit-request";
import { summarizeSeen, type SeenOpenIngress, type SeenPermission, type SeenUntagged } from "./finding-history";
import { SELF_ACCOUNT, type InstanceRef } from "./scan-types";

export const ACCOUNT_ID = /^\d{12}$/;

/** What a suppression matches: every field given must match (at least one is given). */
export const suppressionMatchSchema = z
  .object({
    instanceId: z.string().regex(/^i-[0-9a-f]{8,17}$/, "not an instance id (like i-0123456789abcdef0)").optional(),
    groupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, "not a security group id (like sg-0123456789abcdef0)").optional(),
    tag: z
      .string()
      .max(385)
      .regex(/^[^=]{1,128}=.{0,256}$/s, 'a tag is "key=value" (the value may be empty)')
      .optional(),
    account: z.union([z.string().regex(ACCOUNT_ID, "not an account id (12 digits)"), z.literal(SELF_ACCOUNT)]).optional(),
    region: z.string().regex(REGION_NAME, "not a region name (like eu-west-1)").optional(),
  })
  .strict()
  .refine((m) => Object.values(m).some((v) => v !== undefined), "give at least one of instanceId, groupId, tag, account, region");

export type SuppressionMatch = z.infer<typeof suppressionMatchSchema>;

/** The body of POST /api/suppressions. */
export const suppressionRequestSchema = z.object({
  match: suppressionMatchSchema,
  reason: z.string().trim().min(1, "say why these findings are intended").max(500),
  expiresAt: z
    .string()
    .datetime({ offset: true, message: "an ISO date and time, like 2027-01-31T00:00:00Z" })
    .refine((value) => Date.parse(value) > Date.now(), "the expiry must be in the future")
    .nullish(),
});
export type SuppressionRequest = z.infer<typeof suppressionRequestSchema>;

export interface Suppression {
  id: string;
  match: SuppressionMatch;
  reason: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
}

export const isActive = (suppression: Pick<Suppression, "expiresAt">, now: number): boolean =>
  suppression.expiresAt === null || Date.parse(suppression.expiresAt) > now;

function splitTag(tag: string): [string, string] {
  const at = tag.indexOf("=");
  return [tag.slice(0, at), tag.slice(at + 1)];
}

/** The instance-level fields of a match (all but groupId). */
function matchesInstance(match: SuppressionMatch, finding: InstanceRef): boolean {
  if (match.instanceId !== undefined && finding.instanceId !== match.instanceId) return false;
  if (match.account !== undefined && (finding.account ?? SELF_ACCOUNT) !== match.account) return false;
  if (match.region !== undefined && finding.region !== match.region) return false;
  if (match.tag !== undefined) {
    const [key, value] = splitTag(match.tag);
    if ((finding.tags ?? {})[key] !== value) return false;
  }
  return true;
}

export type Muted<T> = T & { suppressedBy: string | null };

export interface SuppressedFindings {
  untagged: Muted<SeenUntagged>[];
  openIngress: Muted<SeenOpenIngress>[];
  /** Findings a suppression mutes: not counted, shown apart, marked in exports. */
  mutedUntagged: Muted<SeenUntagged>[];
  mutedOpenIngress: Muted<SeenOpenIngress>[];
}

/**
 * Splits findings into those that count and those a suppression active at `now` mutes. An
 * untagged instance is muted when a suppression matches it (a group id matches an instance that
 * uses the group). An open-ingress finding is split by rule: rules a suppression matches (a group
 * id matches the rule's group) go to the muted part, the others stay.
 */
export function applySuppressions(
  findings: { untagged: readonly SeenUntagged[]; openIngress: readonly SeenOpenIngress[] },
  suppressions: readonly Suppression[],
  now = Date.now(),
): SuppressedFindings {
  const active = suppressions.filter((s) => isActive(s, now));
  const out: SuppressedFindings = { untagged: [], openIngress: [], mutedUntagged: [], mutedOpenIngress: [] };
  for (const f of findings.untagged) {
    const by = active.find((s) => matchesInstance(s.match, f) && (s.match.groupId === undefined || (f.groupIds ?? []).includes(s.match.groupId)));
    if (by) out.mutedUntagged.push({ ...f, suppressedBy: by.id });
    else out.untagged.push({ ...f, suppressedBy: null });
  }
  for (const f of findings.openIngress) {
    const candidates = active.filter((s) => matchesInstance(s.match, f));
    if (candidates.length === 0) {
      out.openIngress.push({ ...f, suppressedBy: null });
      continue;
    }
    const kept: SeenPermission[] = [];
    const muted: (SeenPermission & { suppressedBy: string })[] = [];
    for (const p of f.permissions) {
      const by = candidates.find((s) => s.match.groupId === undefined || s.match.groupId === p.groupId);
      if (by) muted.push({ ...p, suppressedBy: by.id });
      else kept.push(p);
    }
    if (kept.length > 0) out.openIngress.push({ ...f, permissions: kept, ...summarizeSeen(kept, f.firstSeenAt), suppressedBy: null });
    if (muted.length > 0) out.mutedOpenIngress.push({ ...f, permissions: muted, ...summarizeSeen(muted, f.firstSeenAt), suppressedBy: muted[0]!.suppressedBy });
  }
  return out;
}
