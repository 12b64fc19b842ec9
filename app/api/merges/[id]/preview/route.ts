import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { parseLimit } from "@/lib/merges/http";

/** GET /api/merges/:id/preview[?limit=N] → { contributions, hotEdges, coverage, warnings, hazards, merge } */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const limit = parseLimit(new URL(request.url).searchParams);
  return Response.json(await mergeService().storedPreview(profileDeps(), id, limit));
});
