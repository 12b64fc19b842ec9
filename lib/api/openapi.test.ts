import { describe, expect, it } from "vitest";
import { auditRequestSchema } from "../audit/audit-request";
import { accessFor, ROUTE_ACCESS } from "../auth/route-access";
import { ENDPOINTS } from "./endpoints";
import { openApiDocument } from "./openapi";

const access = (method: string, path: string) => accessFor(method, path.replace(/\[[^\]]+\]/g, "x"))?.access;
const doc = openApiDocument(ENDPOINTS, access, "test");

describe("the OpenAPI description", () => {
  it("has an entry for every API route and method of route-access.ts, and none that is not a route", () => {
    const routes = Object.entries(ROUTE_ACCESS)
      .filter(([path]) => path.startsWith("/api/"))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method} ${path}`));
    const described = Object.keys(ENDPOINTS);
    const missing = routes.filter((key) => !described.includes(key));
    // A new route needs its one line in lib/api/endpoints.ts (see the comment at its top).
    expect(missing, `add these to lib/api/endpoints.ts: ${missing.join(", ")}`).toEqual([]);
    expect(described.filter((key) => !routes.includes(key))).toEqual([]);
  });

  it("is OpenAPI 3.1 with each operation's path parameters, access and responses", () => {
    expect(doc.openapi).toBe("3.1.0");
    const op = doc.paths["/api/audits/{id}/findings"]?.get as { parameters: { name: string; in: string; required: boolean }[]; "x-fleetscope-access": string; responses: Record<string, unknown> };
    expect(op.parameters.map((p) => [p.name, p.in, p.required])).toEqual([["id", "path", true], ["kind", "query", true], ["account", "query", false]]);
    expect(op["x-fleetscope-access"]).toBe("viewer");
    expect(Object.keys(op.responses)).toEqual(["200", "400", "401", "403", "404"]);
    expect((doc.paths["/api/health"]?.get as { security: unknown[] }).security).toEqual([]);
    expect((doc.paths["/api/accounts"]?.post as { "x-fleetscope-access": string })["x-fleetscope-access"]).toBe("operator");
  });

  it("describes request bodies with the very schemas the routes validate with", () => {
    const post = doc.paths["/api/audits"]?.post as { requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> } };
    const schema = post.requestBody.content["application/json"]!.schema;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(auditRequestSchema.shape).sort());
    expect(JSON.stringify(schema.properties.regions)).toContain('"const":"all"');
    const suppression = doc.paths["/api/suppressions"]?.post as { requestBody: { content: Record<string, { schema: { properties: { match: { properties: Record<string, { pattern?: string }> } } } }> } };
    expect(suppression.requestBody.content["application/json"]!.schema.properties.match.properties.instanceId?.pattern).toBe("^i-[0-9a-f]{8,17}$");
    const upload = doc.paths["/api/profiles"]?.post as { requestBody: { content: Record<string, unknown> } };
    expect(Object.keys(upload.requestBody.content)).toEqual(["application/octet-stream"]);
  });

  it("gives every operation a unique operationId", () => {
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => (op as { operationId: string }).operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});
