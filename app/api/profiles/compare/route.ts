import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseMinFraction, profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * `?base=ID&target=ID[&sampleType=T][&minFraction=F][&normalise=false]`: the differential flame tree
 * (`tree`, d3-flame-graph with `delta`) and every function's change (`changes`), base scaled to
 * the target's total unless normalise=false; both profiles through pprof's filters (focus, ignore,
 * hide, show, show_from, tagfocus, tagignore, granularity). 404 unknown id, 422 no sample type in common.
 */
export const GET = route(async (request) => {
  const query = new URL(request.url).searchParams;
  const base = query.get("base");
  const target = query.get("target");
  if (!base || !target) throw new HttpError(400, "give two profile ids: ?base=<id>&target=<id>");
  const normalise = query.get("normalise");
  if (normalise !== null && normalise !== "true" && normalise !== "false") {
    throw new HttpError(400, `normalise must be true or false, got "${normalise}"`);
  }
  const view = await profileViews().compare(profileDeps(), base, target, {
    sampleType: query.get("sampleType"),
    minFraction: parseMinFraction(query.get("minFraction")),
    normalise: normalise !== "false",
    filters: parseViewFilters(query),
  });
  return viewResponse(view);
});
