import { appConfig } from "@/lib/config/env";
import { readBodyLimited } from "@/lib/http/body";
import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { markFromFile, markFromJson } from "@/lib/pgo-check/committed-request";
import { clearCommitted, currentCommitted, markCommitted } from "@/lib/pgo-check/committed-store";
import { committedTrend } from "@/lib/pgo-check/trend";
import { profileDeps } from "@/lib/profiles/context";

/** GET /api/pgo/committed → { committed, trend }: the file in the repository against each service's recent profiles. */
export const GET = route(async () => {
  const deps = profileDeps();
  const current = await currentCommitted(deps);
  if (!current) return Response.json({ committed: null, trend: null });
  const trend = await committedTrend(deps, current.file, current.dto.services, current.dto.minHotShare);
  return Response.json({ committed: current.dto, trend });
});

/**
 * POST /api/pgo/committed: mark what is in the repository. JSON `{ mergeId, services?, minHotShare? }`
 * for a stored merge, or the file's bytes with `?service=A&service=B[&min=0.8]`. → 201 { committed }
 */
export const POST = route(async (request, _params, principal) => {
  const deps = profileDeps();
  const isJson = (request.headers.get("content-type") ?? "").includes("application/json");
  const mark = isJson
    ? markFromJson(
        await request.json().catch(() => {
          throw new HttpError(400, 'the body must be JSON { "mergeId": "..." }, or the committed file itself with ?service=...');
        }),
      )
    : markFromFile(await readBodyLimited(request, appConfig().maxUploadBytes), new URL(request.url).searchParams);
  const committed = await markCommitted(deps, principal, mark);
  return Response.json({ committed }, { status: 201 });
});

/** DELETE /api/pgo/committed → 204: no file is marked as committed any more. */
export const DELETE = route(async () => {
  await clearCommitted(profileDeps());
  return new Response(null, { status: 204 });
});
