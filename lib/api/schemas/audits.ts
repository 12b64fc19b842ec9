// Shapes of the audit endpoints' answers, for the OpenAPI description (lib/api/openapi.ts).
import { z } from "zod";

const severity = z.enum(["critical", "high", "info"]);
const seen = {
  firstSeenAt: z.string().describe("ISO time of the first scan of the same scope, in its current run, that had it"),
  isNew: z.boolean().describe("new since the previous scan of the same scope"),
  newness: z.enum(["new", "seen", "unknown"]).describe("unknown: the previous scan did not read this account and region"),
};
const instance = {
  account: z.string().describe('account id, or "self" for the server\'s own credentials'),
  region: z.string(),
  instanceId: z.string(),
  name: z.string().nullable(),
  state: z.string(),
  tags: z.record(z.string(), z.string()),
  groupIds: z.array(z.string()),
  suppressedBy: z.string().nullable().describe("the suppression that mutes it, or null"),
};
export const permissionSchema = z.object({
  groupId: z.string(),
  groupName: z.string(),
  protocol: z.string(),
  fromPort: z.number().nullable(),
  toPort: z.number().nullable(),
  cidr: z.string(),
  severity,
  ...seen,
});
export const untaggedFindingSchema = z.object({ ...instance, ...seen, missingTags: z.array(z.string()) });
export const openIngressFindingSchema = z.object({ ...instance, ...seen, permissions: z.array(permissionSchema) });
export const findingSchema = z.union([untaggedFindingSchema, openIngressFindingSchema]);

export const auditRegionSchema = z.object({
  account: z.string(),
  region: z.string().describe('"*" for an account that failed as a whole'),
  status: z.enum(["queued", "scanning", "ok", "error"]),
  total: z.number(),
  running: z.number(),
  untagged: z.number(),
  openIngress: z.number(),
  durationMs: z.number(),
  startedAt: z.string().optional(),
  error: z.string().optional(),
  errorCode: z.string().optional(),
});
const counts = z.object({ untagged: z.number(), openIngress: z.number() });
export const auditSchema = z.object({
  id: z.string(),
  status: z.enum(["running", "done", "failed", "interrupted", "stopped"]),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  startedBy: z.string(),
  accountsRequested: z.union([z.literal("all"), z.array(z.string())]),
  regionsRequested: z.union([z.literal("all"), z.array(z.string())]),
  requiredTags: z.array(z.string()),
  regions: z.array(auditRegionSchema),
  accounts: z.array(z.object({ accountId: z.string(), name: z.string().optional(), status: z.enum(["ok", "error"]), error: z.object({ code: z.string(), message: z.string() }).optional(), durationMs: z.number() })),
  summary: z.object({
    instances: z.number(),
    running: z.number(),
    untagged: z.number(),
    openIngress: z.number(),
    failedRegions: z.number(),
    regionsScanned: z.number(),
    durationMs: z.number(),
    accounts: z.number().optional(),
    failedAccounts: z.number().optional(),
    muted: counts.optional(),
    newFindings: counts.extend({ critical: z.number() }).optional(),
  }),
  error: z.string().nullable(),
  findingsAvailable: z.boolean(),
  scheduleId: z.string().nullable(),
  alert: z.object({ status: z.enum(["sent", "failed", "skipped"]), at: z.string(), reason: z.string().optional(), newCritical: z.number(), failedPlaces: z.number() }).nullable(),
  demo: z.boolean(),
});

const comparisonRow = z.object({
  kind: z.enum(["untagged", "open-ingress"]),
  account: z.string(),
  region: z.string(),
  instanceId: z.string(),
  name: z.string().nullable(),
  state: z.string(),
  missingTags: z.array(z.string()).optional(),
  permission: permissionSchema.omit({ firstSeenAt: true, isNew: true, newness: true }).optional(),
});
export const comparisonSchema = z.object({
  base: auditSchema,
  target: auditSchema,
  counts: z.object({ new: z.number(), resolved: z.number(), unchanged: z.number(), unknown: z.number() }),
  new: z.array(comparisonRow),
  resolved: z.array(comparisonRow),
  unchanged: z.array(comparisonRow),
  unknown: z.array(comparisonRow),
});

export const accountSchema = z.object({
  accountId: z.string(),
  name: z.string(),
  roleArn: z.string(),
  externalId: z.string().nullable(),
  source: z.enum(["manual", "organizations"]),
  orgStatus: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const suppressionSchema = z.object({
  id: z.string(),
  match: z.object({ instanceId: z.string().optional(), groupId: z.string().optional(), tag: z.string().optional(), account: z.string().optional(), region: z.string().optional() }),
  reason: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
});
export const scheduleSchema = z.object({
  id: z.string(),
  everyHours: z.number(),
  accounts: z.union([z.literal("all"), z.array(z.string())]),
  regions: z.union([z.literal("all"), z.array(z.string())]),
  requiredTags: z.array(z.string()),
  createdBy: z.string(),
  createdAt: z.string(),
});
export const webhookSchema = z.object({ url: z.string().describe("masked: the full URL is never sent back"), updatedBy: z.string(), updatedAt: z.string() });

const auditRef = z.object({ id: z.string(), startedAt: z.string(), finishedAt: z.string().nullable() });
export const fleetCountsSchema = z.object({
  audit: auditRef,
  regions: z.array(z.object({ account: z.string(), region: z.string(), status: z.string(), total: z.number(), running: z.number(), error: z.string().optional() })),
  failedAccounts: z.array(z.object({ account: z.string(), error: z.string() })),
});
export const fleetUntaggedSchema = z.object({ audit: auditRef, findings: z.array(untaggedFindingSchema), muted: z.number() });
export const fleetOpenIngressSchema = z.object({ audit: auditRef, findings: z.array(openIngressFindingSchema), muted: z.number() });
export const findingsQuerySchema = z.object({ kind: z.enum(["untagged", "open-ingress"]), account: z.string().optional() });
export const exportQuerySchema = z.object({ kind: z.enum(["untagged", "open-ingress", "regions"]), account: z.string().optional() });
export const compareQuerySchema = z.object({ base: z.string(), target: z.string(), account: z.string().optional() });
