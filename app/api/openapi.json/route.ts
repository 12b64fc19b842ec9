import { ENDPOINTS } from "@/lib/api/endpoints";
import { openApiDocument } from "@/lib/api/openapi";
import { accessFor } from "@/lib/auth/route-access";
import { route } from "@/lib/http/route";
import pkg from "@/package.json";

let cached: object | undefined;

/** The OpenAPI 3.1 description of every endpoint, generated from the routes' zod schemas. */
export const GET = route(async () => {
  cached ??= openApiDocument(ENDPOINTS, (method, path) => accessFor(method, path.replace(/\[[^\]]+\]/g, "x"))?.access, pkg.version);
  return Response.json(cached);
});
