import { z } from "zod";

/** e.g. us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The body of `POST /api/audits`: `{ regions?: "all" | [region], requiredTags?: [key] }`. */
export const auditRequestSchema = z.object({
  regions: z
    .union([z.literal("all"), z.array(z.string().regex(REGION_NAME, "not a region name")).min(1).max(64)])
    .default("all"),
  requiredTags: z.array(z.string().trim().min(1).max(128)).max(50).default([]),
});

export type AuditRequest = z.infer<typeof auditRequestSchema>;
