import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseFunctionName, parseMinFraction, profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * `{ sampleType, unit, name, cum, total, minFraction, callers, callees }`: the sandwich of `?function=`:
 * `callees` the flame tree (root -> the function -> what it calls), `callers` the inverted one (root
 * -> the function -> what calls it), each stack counted once from its outermost frame of the
 * function; pprof's filters apply first. 404 when no frame has that name.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const name = parseFunctionName(query.get("function"));
  const minFraction = parseMinFraction(query.get("minFraction"));
  return viewResponse(await profileViews().sandwich(profileDeps(), id, name, query.get("sampleType"), parseViewFilters(query), minFraction));
});
