import { z } from "zod";
import { auditRequestSchema, DEFAULT_REQUIRED_TAGS, REGION_NAME, WHOLE_ACCOUNT, type AuditRequest } from "../audit";
import { HttpError } from "../http/errors";
import type { AuditDto } from "./audit-dto";
import type { AuditStore } from "./audit-store";
import type { ReportedOpenIngress, ReportedUntagged } from "./reported-findings";
import { scopeKey } from "./scope";

const list = (raw: string) => raw.split(",").map((s) => s.trim()).filter(Boolean);

/** The query of the three fleet endpoints: `regions` ("all" or a comma-separated list), `accounts`, `tags`, `fresh=1`. */
export const fleetQuerySchema = z.object({
  regions: z
    .string()
    .default("all")
    .transform((raw) => (raw.trim() === "all" ? ("all" as const) : list(raw)))
    .pipe(z.union([z.literal("all"), z.array(z.string().regex(REGION_NAME, "not a region name (like eu-west-1)")).min(1, 'give "all" or region names').max(64)])),
  accounts: z
    .string()
    .default("self")
    .transform((raw) => (raw.trim() === "all" ? ("all" as const) : list(raw)))
    .pipe(z.union([z.literal("all"), z.array(z.union([z.string().regex(/^\d{12}$/, "not an account id (12 digits)"), z.literal("self")])).min(1)])),
  tags: z.string().default(DEFAULT_REQUIRED_TAGS.join(",")).transform(list),
  fresh: z.enum(["0", "1", "true", "false"]).optional().transform((v) => v === "1" || v === "true"),
});
export type FleetQuery = z.infer<typeof fleetQuerySchema>;

export function parseFleetQuery(url: URL): FleetQuery {
  return fleetQuerySchema.parse(Object.fromEntries([...url.searchParams].filter(([key]) => ["regions", "accounts", "tags", "fresh"].includes(key))));
}

/** The scan a fleet question reads (or, with fresh=1, starts): the asked accounts and regions; tags for untagged only. */
export function fleetRequest(query: FleetQuery): AuditRequest {
  return auditRequestSchema.parse({ accounts: query.accounts, regions: query.regions, requiredTags: query.tags });
}

export type FleetQuestion = "counts" | "untagged" | "open-ingress";

/**
 * The audit that answers: with `fresh`, a scan of the scope started now (or the running one joined)
 * and waited for; else the latest finished scan of the same accounts and regions (for untagged,
 * the same tag keys too). 404 saying how to start one when there is none.
 */
export async function answeringAudit(store: AuditStore, question: FleetQuestion, query: FleetQuery, startedBy: string | null): Promise<AuditDto> {
  const request = fleetRequest(query);
  if (query.fresh) {
    if (startedBy === null) throw new HttpError(403, "fresh=1 starts a scan: it needs the operator role");
    const { audit } = await store.start(request, startedBy);
    const done = await store.waitFor(audit.id);
    if (!done.findingsAvailable) throw new HttpError(409, `the scan ${done.id} ${done.status === "failed" ? "failed" : `ended ${done.status}`}: ${done.error ?? "no findings"}`);
    return done;
  }
  const sameScope = (a: AuditDto) =>
    question === "untagged"
      ? scopeKey({ accounts: a.accountsRequested, regions: a.regionsRequested, requiredTags: a.requiredTags }) === scopeKey(request)
      : scopeKey({ accounts: a.accountsRequested, regions: a.regionsRequested, requiredTags: [] }) === scopeKey({ ...request, requiredTags: [] });
  const found = (await store.list()).find((a) => a.status === "done" && a.findingsAvailable && sameScope(a));
  if (!found) {
    const body = JSON.stringify({ accounts: request.accounts, regions: request.regions, requiredTags: request.requiredTags });
    throw new HttpError(404, `no finished scan of this scope yet: start one with POST /api/audits ${body}, or ask again with fresh=1 (operator)`);
  }
  return found;
}

export const auditRef = (audit: AuditDto) => ({ id: audit.id, startedAt: audit.startedAt, finishedAt: audit.finishedAt });

export function countsAnswer(audit: AuditDto) {
  return {
    audit: auditRef(audit),
    regions: audit.regions
      .filter((r) => r.region !== WHOLE_ACCOUNT)
      .map((r) => ({ account: r.account, region: r.region, status: r.status, total: r.total, running: r.running, ...(r.error ? { error: r.error } : {}) })),
    failedAccounts: audit.regions.filter((r) => r.region === WHOLE_ACCOUNT).map((r) => ({ account: r.account, error: r.error ?? "" })),
  };
}

/** Findings that count (muted ones left out, their number given). */
export function findingsAnswer<T extends ReportedUntagged | ReportedOpenIngress>(audit: AuditDto, findings: T[]) {
  const counted = findings.filter((f) => f.suppressedBy === null);
  return { audit: auditRef(audit), findings: counted, muted: findings.length - counted.length };
}
