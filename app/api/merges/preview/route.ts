import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { selectionFromQuery } from "@/lib/merges/selection";
import { jsonResponse, parseLimit } from "@/lib/merges/http";

/** GET /api/merges/preview?profileId=A&profileId=B[&weight=A:2][&equalise=1][&guardHazards=1][&limit=N]: the preview of a merge not yet stored. */
export const GET = route(async (request) => {
  const params = new URL(request.url).searchParams;
  const view = await mergeService().previewView(profileDeps(), selectionFromQuery(params), parseLimit(params));
  const { ms, cached, ...preview } = view;
  return jsonResponse(JSON.stringify(preview), { ms, cached });
});
