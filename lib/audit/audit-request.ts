import { z } from "zod";

/** e.g. us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
export const REGION_NAME = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** AWS Config's `required-tags` rule takes up to 6 keys. */
export const MAX_REQUIRED_TAGS = 6;
export const DEFAULT_REQUIRED_TAGS: readonly string[] = ["Owner"];

/** An AWS account id (12 digits), or "self" for the server's own credentials. */
const accountRef = z.union([z.string().regex(/^\d{12}$/, "not an account id (12 digits) or \"self\""), z.literal("self")]);

/** `"all"` registered accounts, or a list of account ids ("self": the server's own credentials). */
export const accountsSchema = z
  .union([z.literal("all"), z.array(accountRef).min(1, 'name at least one account, or send "all"').max(500)], {
    error: 'must be "all" or a list of account ids like ["123456789012", "self"]',
  })
  .transform((accounts) => (accounts === "all" ? accounts : [...new Set(accounts)]));

/**
 * The body of `POST /api/audits`: `{ accounts?: "all" | [accountId], regions?: "all" | [region], requiredTags?: [key] }`.
 * No accounts means the server's own credentials only (`["self"]`).
 * Tag keys match case-insensitively, so keys differing only in case count once (the first
 * spelling is kept); no keys means the default, `Owner`.
 */
export const auditRequestSchema = z.object({
  accounts: accountsSchema.default(["self"]),
  regions: z
    .union(
      [
        z.literal("all"),
        z
          .array(z.string().regex(REGION_NAME, "not a region name (like eu-west-1)"))
          .min(1, "name at least one region, or send \"all\"")
          .max(64),
      ],
      { error: 'must be "all" or a list of region names like ["eu-west-1"]' },
    )
    .transform((regions) => (regions === "all" ? regions : [...new Set(regions)]))
    .default("all"),
  requiredTags: z
    .array(z.string().trim().min(1, "a tag key cannot be empty").max(128))
    .transform((keys) => keys.filter((key, i) => keys.findIndex((other) => other.toLowerCase() === key.toLowerCase()) === i))
    .refine((keys) => keys.length <= MAX_REQUIRED_TAGS, `up to ${MAX_REQUIRED_TAGS} required tag keys`)
    .transform((keys) => (keys.length === 0 ? [...DEFAULT_REQUIRED_TAGS] : keys))
    .default([...DEFAULT_REQUIRED_TAGS]),
});

export type AuditRequest = z.infer<typeof auditRequestSchema>;
