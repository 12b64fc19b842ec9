import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { mergeRequestSchema, selectionFromRequest } from "@/lib/merges/selection";
import { HttpError } from "@/lib/http/errors";

/** POST /api/merges { profileIds, weights?, equalise?, dropLabels?, minimal?, guardHazards? } → 201 { merge } */
export const POST = route(async (request, _params, principal) => {
  const body = await request.json().catch(() => {
    throw new HttpError(400, 'the body must be JSON: { "profileIds": ["..."], "weights": { "<id>": 2 } }');
  });
  const selection = selectionFromRequest(mergeRequestSchema.parse(body));
  const merge = await mergeService().create(profileDeps(), principal, selection);
  return Response.json({ merge }, { status: 201 });
});

/** GET /api/merges → { merges }, newest first. */
export const GET = route(async () => {
  return Response.json({ merges: await mergeService().list(profileDeps().db) });
});
