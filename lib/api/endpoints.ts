// Every endpoint of the API, one line each, described with the zod schemas its route validates
// with (request) and the shape it answers (lib/api/schemas). GET /api/openapi.json is generated
// from this table; a test checks that it names every API route of lib/auth/route-access.ts.
// Adding a route: add its line here, e.g.
//   "GET /api/things/[id]": { tag: "things", summary: "One thing", response: z.object({ thing: thingSchema }) },
import { z } from "zod";
import { auditRequestSchema } from "../audit/audit-request";
import { suppressionRequestSchema } from "../audit/suppressions";
import { accountRequestSchema, organizationsImportSchema } from "../audits-store/accounts";
import { fleetQuerySchema } from "../audits-store/fleet-answers";
import { scheduleRequestSchema } from "../audits-store/schedules";
import { webhookRequestSchema } from "../audits-store/webhook";
import { createTokenSchema } from "../auth/api-tokens";
import { mergeRequestSchema } from "../merges/selection";
import { markMergeSchema } from "../pgo-check/committed-request";
import { sourceRequestSchema } from "../sources/source-request";
import type { ApiEndpoint, EndpointKey } from "./openapi";
import * as A from "./schemas/audits";
import * as P from "./schemas/profiles";
import { signInSchema } from "./schemas/access";
import { committedPgoSchema, committedViewSchema, freshnessReportSchema } from "./schemas/pgo";

const pprof = { contentType: "application/octet-stream", description: "pprof bytes, gzip-compressed or raw" };
const csv = { contentType: "text/csv", description: "the table as CSV" };
const jsonFile = { contentType: "application/json", description: "the table as a JSON download" };
const service = z.object({ service: z.string() });
const sampleType = z.object({ sampleType: z.string().optional() });
const pair = z.object({ base: z.string(), target: z.string() });
const list = <T extends z.ZodType>(key: string, item: T) => z.object({ [key]: z.array(item) });
const one = <T extends z.ZodType>(key: string, item: T) => z.object({ [key]: item });

export const ENDPOINTS: Record<EndpointKey, ApiEndpoint> = {
  "GET /api/health": { tag: "operations", summary: "Whether the server, its database and store answer", response: P.anyObject },
  "GET /api/session": { tag: "access", summary: "Who is calling, and whether sign-in is configured", response: P.userSchema },
  "POST /api/session": { tag: "access", summary: "Sign in: a session cookie", body: signInSchema, response: P.userSchema },
  "DELETE /api/session": { tag: "access", summary: "Sign out", status: 204 },
  "GET /api/tokens": { tag: "access", summary: "API tokens (never the secrets)", response: P.tokenListSchema },
  "POST /api/tokens": { tag: "access", summary: "Create an API token: shown only in this answer", body: createTokenSchema, response: P.anyObject, status: 201 },
  "DELETE /api/tokens/[id]": { tag: "access", summary: "Revoke a token at once", status: 204 },
  "GET /api/activity": { tag: "access", summary: "Who did what and when", response: list("activity", P.anyObject) },
  "GET /api/services": { tag: "profiles", summary: "Services with profiles", response: P.servicesSchema },
  "GET /api/profiles": { tag: "profiles", summary: "Profiles of a service, newest first", query: service, response: list("profiles", P.profileSchema) },
  "POST /api/profiles": { tag: "profiles", summary: "Upload a profile (?service=S, optional label=key:value)", query: service, body: pprof, response: one("profile", P.profileSchema), status: 201 },
  "GET /api/profiles/[id]": { tag: "profiles", summary: "One profile", response: one("profile", P.profileSchema) },
  "DELETE /api/profiles/[id]": { tag: "profiles", summary: "Delete a profile", status: 204 },
  "GET /api/profiles/[id]/raw": { tag: "profiles", summary: "The stored bytes", response: pprof },
  "GET /api/profiles/[id]/top": { tag: "profiles", summary: "Every function, flat descending", query: sampleType, response: P.topSchema },
  "GET /api/profiles/[id]/flamegraph": { tag: "profiles", summary: "d3-flame-graph tree", query: sampleType, response: P.flameNodeSchema },
  "GET /api/profiles/[id]/peek": { tag: "profiles", summary: "Callers and callees of a function", response: P.anyObject },
  "GET /api/profiles/[id]/tags": { tag: "profiles", summary: "Sample labels and each value's share, as go tool pprof -tags (pprof's filters apply)", query: sampleType, response: P.anyObject },
  "GET /api/profiles/[id]/graph": { tag: "profiles", summary: "The call graph as go tool pprof -dot builds it (nodecount, nodefraction, edgefraction, filters, granularity)", query: sampleType, response: P.anyObject },
  "GET /api/profiles/[id]/sandwich": { tag: "profiles", summary: "A function's callers (inverted) and callees as two flame graphs, with its share", query: sampleType, response: P.anyObject },
  "GET /api/profiles/compare": { tag: "profiles", summary: "Two profiles compared", query: pair, response: P.anyObject },
  "GET /api/merges": { tag: "merges", summary: "Merges, newest first", response: list("merges", P.mergeSchema) },
  "POST /api/merges": { tag: "merges", summary: "Merge profiles into a default.pgo", body: mergeRequestSchema, response: one("merge", P.mergeSchema), status: 201 },
  "GET /api/merges/preview": { tag: "merges", summary: "What a merge would give, before making it", response: P.anyObject },
  "GET /api/merges/preview/flamegraph": { tag: "merges", summary: "Flame graph of a merge preview", response: P.flameNodeSchema },
  "GET /api/merges/compare": { tag: "merges", summary: "Two merges compared", query: pair, response: P.anyObject },
  "GET /api/merges/[id]": { tag: "merges", summary: "One merge", response: one("merge", P.mergeSchema) },
  "GET /api/merges/[id]/default.pgo": { tag: "merges", summary: "The merged profile, gzip-compressed pprof", response: pprof },
  "GET /api/merges/[id]/preview": { tag: "merges", summary: "Contributions, hot edges, coverage and warnings", response: P.anyObject },
  "GET /api/merges/[id]/flamegraph": { tag: "merges", summary: "Flame graph of a merge", response: P.flameNodeSchema },
  "GET /api/pgo": { tag: "merges", summary: "The latest profile of each service merged (?service=A&service=B)", query: service, response: pprof },
  "POST /api/pgo/check": {
    tag: "merges",
    summary: "Is the committed default.pgo still fresh? (?service=A&service=B[&min=0.8]; 412 below min)",
    query: z.object({ service: z.string(), min: z.number().min(0).max(1).optional() }),
    body: pprof,
    response: freshnessReportSchema,
  },
  "GET /api/pgo/committed": { tag: "merges", summary: "The default.pgo in the repository, checked against each service's recent profiles", response: committedViewSchema },
  "POST /api/pgo/committed": { tag: "merges", summary: "Mark a stored merge ({ mergeId }) or the uploaded file (?service=...) as committed", body: markMergeSchema, response: one("committed", committedPgoSchema), status: 201 },
  "DELETE /api/pgo/committed": { tag: "merges", summary: "Forget which default.pgo is committed", status: 204 },
  "GET /api/sources": { tag: "sources", summary: "Where profiles are collected from", response: list("sources", P.anyObject) },
  "POST /api/sources": { tag: "sources", summary: "Add a source: s3, endpoint or ecs", body: sourceRequestSchema, response: one("source", P.anyObject), status: 201 },
  "GET /api/sources/[id]": { tag: "sources", summary: "One source and its recent runs", response: P.anyObject },
  "DELETE /api/sources/[id]": { tag: "sources", summary: "Delete a source (its profiles stay)", status: 204 },
  "POST /api/sources/[id]/collect": { tag: "sources", summary: "Collect now, in the background (a second call joins the running run)", response: one("run", P.anyObject), status: 202 },
  "GET /api/runs/[id]": { tag: "sources", summary: "One collection run, item by item", response: one("run", P.anyObject) },
  "GET /api/audits": { tag: "audits", summary: "Audits, newest first", response: list("audits", A.auditSchema) },
  "POST /api/audits": { tag: "audits", summary: "Start a scan in the background (or join the running one of the same scope)", body: auditRequestSchema, response: z.object({ audit: A.auditSchema, joined: z.boolean() }), status: 202 },
  "GET /api/audits/[id]": { tag: "audits", summary: "One audit: running, done or failed", response: one("audit", A.auditSchema) },
  "DELETE /api/audits/[id]": { tag: "audits", summary: "Delete a finished audit and its findings", status: 204 },
  "POST /api/audits/[id]/stop": { tag: "audits", summary: "Stop a running scan", response: one("audit", A.auditSchema) },
  "GET /api/audits/[id]/findings": { tag: "audits", summary: "Findings of one kind (muted ones last, suppressedBy set)", query: A.findingsQuerySchema, response: list("findings", A.findingSchema) },
  "GET /api/audits/[id]/export.csv": { tag: "audits", summary: "One table as CSV (muted findings marked)", query: A.exportQuerySchema, response: csv },
  "GET /api/audits/[id]/export.json": { tag: "audits", summary: "One table as JSON", query: A.exportQuerySchema, response: jsonFile },
  "GET /api/audits/compare": { tag: "audits", summary: "New, resolved, unchanged and unknown findings between two scans", query: A.compareQuerySchema, response: A.comparisonSchema },
  "GET /api/accounts": { tag: "accounts", summary: "Accounts audits can scan", response: list("accounts", A.accountSchema) },
  "POST /api/accounts": { tag: "accounts", summary: "Add (or update) an account and the role to assume in it", body: accountRequestSchema, response: one("account", A.accountSchema), status: 201 },
  "POST /api/accounts/import": { tag: "accounts", summary: "Import every account of the organisation (AWS Organizations ListAccounts)", body: organizationsImportSchema, response: list("accounts", A.accountSchema), status: 201 },
  "DELETE /api/accounts/[accountId]": { tag: "accounts", summary: "Forget an account", status: 204 },
  "GET /api/suppressions": { tag: "suppressions", summary: "Suppressions, newest first (expired ones too)", response: list("suppressions", A.suppressionSchema) },
  "POST /api/suppressions": { tag: "suppressions", summary: "Mute intended findings", body: suppressionRequestSchema, response: one("suppression", A.suppressionSchema), status: 201 },
  "DELETE /api/suppressions/[id]": { tag: "suppressions", summary: "Remove a suppression", status: 204 },
  "GET /api/audit-schedules": { tag: "schedules", summary: "Audit schedules", response: list("schedules", A.scheduleSchema) },
  "POST /api/audit-schedules": { tag: "schedules", summary: "Scan a scope every N hours", body: scheduleRequestSchema, response: one("schedule", A.scheduleSchema), status: 201 },
  "DELETE /api/audit-schedules/[id]": { tag: "schedules", summary: "Stop a schedule", status: 204 },
  "GET /api/alerts/webhook": { tag: "schedules", summary: "Where alerts go (masked)", response: one("webhook", A.webhookSchema.nullable()) },
  "PUT /api/alerts/webhook": { tag: "schedules", summary: "Set the Slack-compatible webhook of alerts", body: webhookRequestSchema, response: one("webhook", A.webhookSchema) },
  "DELETE /api/alerts/webhook": { tag: "schedules", summary: "No more alerts", status: 204 },
  "POST /api/alerts/webhook/test": { tag: "schedules", summary: "Send a test message", response: z.object({ sent: z.boolean() }) },
  "GET /api/fleet/counts": { tag: "fleet", summary: "Instances per account and region (latest finished scan of the scope; fresh=1 scans first)", query: fleetQuerySchema, response: A.fleetCountsSchema },
  "GET /api/fleet/untagged": { tag: "fleet", summary: "Instances missing the tag keys (default Owner)", query: fleetQuerySchema, response: A.fleetUntaggedSchema },
  "GET /api/fleet/open-ingress": { tag: "fleet", summary: "Instances open to the internet", query: fleetQuerySchema, response: A.fleetOpenIngressSchema },
  "GET /api/openapi.json": { tag: "operations", summary: "This description (OpenAPI 3.1)", response: P.anyObject },
};
