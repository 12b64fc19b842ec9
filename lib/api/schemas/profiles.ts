// Shapes of the profile, merge and access endpoints' answers, for the OpenAPI description.
import { z } from "zod";

export const profileSchema = z.looseObject({
  id: z.string(),
  service: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  sampleTypes: z.array(z.object({ type: z.string(), unit: z.string() })),
  defaultSampleType: z.string(),
  sampleCount: z.number(),
  labels: z.record(z.string(), z.string()),
  source: z.string(),
  createdAt: z.string(),
  pgo: z.object({ usable: z.boolean(), problems: z.array(z.string()) }),
});
export const servicesSchema = z.object({ services: z.array(z.object({ name: z.string(), profileCount: z.number(), latestAt: z.string() })) });
export const topSchema = z.looseObject({ sampleType: z.string(), unit: z.string(), total: z.number(), rows: z.array(z.object({ name: z.string(), flat: z.number(), cum: z.number() })) });
export const flameNodeSchema = z.looseObject({ name: z.string(), value: z.number(), children: z.array(z.unknown()) });
export const mergeSchema = z.looseObject({ id: z.string(), createdAt: z.string(), inputs: z.array(z.unknown()), sha256: z.string(), sizeBytes: z.number() });
export const anyObject = z.looseObject({});
export const tokenListSchema = z.object({
  tokens: z.array(z.looseObject({ id: z.string(), name: z.string(), role: z.enum(["viewer", "operator"]), createdAt: z.string(), expiresAt: z.string().nullable(), lastUsedAt: z.string().nullable() })),
});
export const userSchema = z.object({ user: z.object({ username: z.string(), role: z.enum(["viewer", "operator"]) }).nullable() }).loose();

