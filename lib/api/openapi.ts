import { z } from "zod";
import type { Access } from "../auth/roles";
import type { Method } from "../auth/route-access";
import { SESSION_COOKIE } from "../auth/authenticate";

/**
 * One endpoint of the API, described with the zod schemas its route validates with (query, body)
 * and the shape of its answer. `body`/`response` may instead name a non-JSON content type
 * (profile bytes, CSV, default.pgo).
 */
export interface ApiEndpoint {
  summary: string;
  tag: string;
  query?: z.ZodObject;
  body?: z.ZodType | { contentType: string; description: string };
  response?: z.ZodType | { contentType: string; description: string };
  /** The success status (default 200; 204 has no body). */
  status?: 200 | 201 | 202 | 204;
}

/** `"METHOD /api/path"` with dynamic parts as in app/ (`[id]`), e.g. `"GET /api/audits/[id]"`. */
export type EndpointKey = `${Method} /api/${string}`;

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;
const outputSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: "output", unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;

function stripMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}

function content(spec: NonNullable<ApiEndpoint["body"]>, io: "input" | "output") {
  if (spec instanceof z.ZodType) return { "application/json": { schema: stripMeta(io === "input" ? jsonSchema(spec) : outputSchema(spec)) } };
  return { [spec.contentType]: { schema: { type: "string", format: "binary", description: spec.description } } };
}

function parameters(path: string, query: z.ZodObject | undefined) {
  const params: object[] = [...path.matchAll(/\[([^\]]+)\]/g)].map((m) => ({ name: m[1], in: "path", required: true, schema: { type: "string" } }));
  if (query) {
    const schema = jsonSchema(query) as { properties?: Record<string, object>; required?: string[] };
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      params.push({ name, in: "query", required: schema.required?.includes(name) ?? false, schema: property });
    }
  }
  return params;
}

const ERROR_REF = { $ref: "#/components/schemas/Error" };
const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: ERROR_REF } } });

function operation(key: EndpointKey, endpoint: ApiEndpoint, access: Access) {
  const [, path = ""] = key.split(" ");
  const status = endpoint.status ?? 200;
  const success = status === 204 || !endpoint.response ? { description: "done" } : { description: "success", content: content(endpoint.response, "output") };
  return {
    summary: endpoint.summary,
    tags: [endpoint.tag],
    operationId: key.replace(/[^A-Za-z0-9]+/g, "_").replace(/_+$/, ""),
    "x-fleetscope-access": access,
    ...(access === "public" ? { security: [] } : {}),
    parameters: parameters(path, endpoint.query),
    ...(endpoint.body ? { requestBody: { required: true, content: content(endpoint.body, "input") } } : {}),
    responses: {
      [String(status)]: success,
      "400": errorResponse("bad input: the error says what to change"),
      ...(access === "public" ? {} : { "401": errorResponse("no session cookie or bearer token"), "403": errorResponse(`needs the ${access} role`) }),
      "404": errorResponse("not found"),
    },
  };
}

/**
 * The OpenAPI 3.1 description of every endpoint in `endpoints`, with the access each needs from
 * `access` (lib/auth/route-access.ts).
 */
export function openApiDocument(endpoints: Readonly<Record<EndpointKey, ApiEndpoint>>, access: (method: string, path: string) => Access | undefined, version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, endpoint] of Object.entries(endpoints) as [EndpointKey, ApiEndpoint][]) {
    const [method = "GET", path = ""] = key.split(" ");
    const openPath = path.replace(/\[([^\]]+)\]/g, "{$1}");
    (paths[openPath] ??= {})[method.toLowerCase()] = operation(key, endpoint, access(method, path) ?? "operator");
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Fleetscope API",
      version,
      description:
        "PGO profiles and fleet audits for Go services on AWS. Every error is { error: string } with a 4xx status for bad input. " +
        "Sign in for a session cookie (POST /api/session) or send Authorization: Bearer <token>; x-fleetscope-access names the role each endpoint needs.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    security: [{ bearer: [] }, { session: [] }],
    paths,
    components: {
      schemas: { Error: { type: "object", properties: { error: { type: "string" } }, required: ["error"] } },
      securitySchemes: {
        bearer: { type: "http", scheme: "bearer", description: "an API token (POST /api/tokens)" },
        session: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
      },
    },
  };
}
