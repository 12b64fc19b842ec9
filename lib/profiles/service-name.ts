import { z } from "zod";

export const SERVICE_NAME_MAX = 100;

/** A service name: letters, digits, dot, dash, underscore; no path separators, no NUL. */
export const serviceNameSchema = z
  .string({ error: "service is required: pass ?service=NAME" })
  .trim()
  .min(1, "service name is empty: pass ?service=NAME")
  .max(SERVICE_NAME_MAX, `service name is longer than ${SERVICE_NAME_MAX} characters`)
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    "service name may only hold letters, digits, '.', '_' and '-', and must start with a letter or digit (no '/', '..' or control characters)",
  )
  .refine((s) => !s.includes(".."), "service name may not contain '..'");
