// The body of POST /api/pgo/committed: a stored merge by id (JSON), or the committed file itself.
import { z } from "zod";
import { parseServiceName } from "../profiles/ingest";
import { parseCheckQuery, minHotShareSchema } from "./check-request";
import type { MarkCommitted } from "./committed-store";

export const markMergeSchema = z.object({
  mergeId: z.string({ error: "mergeId is required: the id of a stored merge" }).min(1).max(200),
  services: z.array(z.string()).max(64).optional(),
  minHotShare: minHotShareSchema.optional(),
});

export function markFromJson(body: unknown): MarkCommitted {
  const parsed = markMergeSchema.parse(body);
  return {
    mergeId: parsed.mergeId,
    ...(parsed.services ? { services: [...new Set(parsed.services.map((s) => parseServiceName(s)))] } : {}),
    ...(parsed.minHotShare !== undefined ? { minHotShare: parsed.minHotShare } : {}),
  };
}

export function markFromFile(bytes: Uint8Array, params: URLSearchParams): MarkCommitted {
  const { services, min } = parseCheckQuery(params);
  return { bytes, services, ...(min !== undefined ? { minHotShare: min } : {}) };
}
