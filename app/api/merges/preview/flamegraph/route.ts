import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { selectionFromQuery } from "@/lib/merges/selection";
import { jsonResponse } from "@/lib/merges/http";

/** GET /api/merges/preview/flamegraph?profileId=...: the merged flame graph (d3-flame-graph tree) of a selection. */
export const GET = route(async (request) => {
  const selection = selectionFromQuery(new URL(request.url).searchParams);
  return jsonResponse(await mergeService().previewFlame(profileDeps(), selection));
});
