// Answers of the refresh check (POST /api/pgo/check) and the committed default.pgo, for the OpenAPI description.
import { z } from "zod";

export const serviceFreshnessSchema = z.object({
  service: z.string(),
  profileId: z.string(),
  capturedAt: z.string(),
  hotShare: z.number().min(0).max(1).nullable().describe("share of the service's own hot call-site weight that is hot in the committed file"),
  hotEdges: z.number().int(),
  coveredEdges: z.number().int(),
  unknownHotFunctions: z.array(z.string()).describe("hot functions of the service the committed file does not know (new or renamed code)"),
  problem: z.string().optional(),
});

export const freshnessReportSchema = z.object({
  services: z.array(serviceFreshnessSchema),
  hotShare: z.number().nullable().describe("the services' mean hot share"),
  fresh: z.boolean(),
  min: z.number(),
  stale: z.array(z.object({ service: z.string(), hotShare: z.number() })),
  error: z.string().optional().describe("with min, on a 412: which services fell below it"),
});

export const committedPgoSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  mergeId: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  services: z.array(z.string()),
  minHotShare: z.number(),
});

export const committedViewSchema = z.object({
  committed: committedPgoSchema.nullable(),
  trend: z
    .object({
      services: z.array(z.object({ service: z.string(), points: z.array(serviceFreshnessSchema) })),
      report: freshnessReportSchema,
      withoutProfiles: z.array(z.string()),
    })
    .nullable(),
});
