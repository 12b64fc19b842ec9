// The query of POST /api/pgo/check: which services, and the minimum share that CI accepts.
import { z } from "zod";
import { HttpError } from "../http/errors";
import { parseServiceName } from "../profiles/ingest";

export const minHotShareSchema = z.coerce
  .number({ error: "min must be a number between 0 and 1 (e.g. 0.8)" })
  .min(0, "min must be between 0 and 1 (e.g. 0.8)")
  .max(1, "min must be between 0 and 1 (e.g. 0.8)");

export interface CheckQuery {
  services: string[];
  /** Set when the caller asked for a verdict: a service below it makes the answer a 412. */
  min: number | undefined;
}

export function parseCheckQuery(params: URLSearchParams): CheckQuery {
  const raw = params.getAll("service");
  if (raw.length === 0) {
    throw new HttpError(400, "name the services the committed file is for: /api/pgo/check?service=users&service=search&min=0.8");
  }
  const min = params.get("min");
  return {
    services: [...new Set(raw.map((s) => parseServiceName(s)))],
    min: min === null || min === "" ? undefined : minHotShareSchema.parse(min),
  };
}
