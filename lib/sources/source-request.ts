// The body of POST /api/sources: one of three kinds, checked before anything is saved.
import { z } from "zod";
import { serviceNameSchema } from "../profiles/service-name";
import { checkTargetUrl, TargetRefused } from "./target-address";

export const DEFAULT_SECONDS = 30;
export const MAX_SECONDS = 300;
export const MAX_URLS = 100;

const seconds = z.coerce
  .number()
  .int("seconds must be a whole number")
  .min(1, "seconds must be at least 1")
  .max(MAX_SECONDS, `seconds must be at most ${MAX_SECONDS}`)
  .default(DEFAULT_SECONDS);
const everyMinutes = z
  .number()
  .int("everyMinutes must be a whole number")
  .min(1, "everyMinutes must be at least 1")
  .max(7 * 24 * 60, "everyMinutes must be at most a week (10080)")
  .nullish();
const allowLinkLocal = z.boolean().default(false);

const s3Source = z.object({
  kind: z.literal("s3"),
  bucket: z
    .string({ error: "bucket is required" })
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, "bucket must be an S3 bucket name (3 to 63 lowercase letters, digits, '.' and '-')"),
  prefix: z
    .string()
    .trim()
    .max(512, "prefix must be at most 512 characters")
    .refine((p) => !p.startsWith("/"), "prefix must not start with '/' (S3 keys have no leading slash)")
    .transform((p) => (p === "" || p.endsWith("/") ? p : `${p}/`))
    .default(""),
  everyMinutes,
});

const endpointSource = z.object({
  kind: z.literal("endpoint"),
  service: serviceNameSchema,
  urls: z
    .array(z.string(), { error: "urls must be a list of admin base URLs" })
    .min(1, "urls needs at least one admin base URL, e.g. http://10.0.1.12:6060")
    .max(MAX_URLS, `at most ${MAX_URLS} URLs per source`),
  seconds,
  everyMinutes,
  allowLinkLocal,
});

const ecsSource = z.object({
  kind: z.literal("ecs"),
  service: serviceNameSchema,
  cluster: z.string({ error: "cluster is required" }).trim().min(1, "cluster is required").max(255),
  ecsService: z.string({ error: "ecsService is required" }).trim().min(1, "ecsService is required").max(255),
  port: z.coerce.number().int().min(1, "port must be 1 to 65535").max(65535, "port must be 1 to 65535"),
  seconds,
  everyMinutes,
  allowLinkLocal,
});

export const sourceRequestSchema = z.discriminatedUnion("kind", [s3Source, endpointSource, ecsSource], {
  error: 'kind must be "s3", "endpoint" or "ecs"',
});

export type SourceRequest = z.infer<typeof sourceRequestSchema>;

/** Validates a request body and checks every URL (credentials, scheme, link-local): throws a 400 with the reason. */
export function parseSourceRequest(body: unknown): SourceRequest {
  const request = sourceRequestSchema.parse(body);
  if (request.kind === "endpoint") {
    const urls = request.urls.map((u) => checkTargetUrl(u, request.allowLinkLocal));
    const duplicate = urls.find((u, i) => urls.indexOf(u) !== i);
    if (duplicate) throw new TargetRefused(`${duplicate} is listed twice`);
    return { ...request, urls };
  }
  return request;
}
