import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseFunctionName, profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * `{ sampleType, unit, total, name, flat, cum, callers: [{ name, value }], callees: [...] }`: the
 * callers and callees of `?function=` as `go tool pprof -peek` gives them (without trimming),
 * largest first, through pprof's filters; 404 when no frame of the profile has that name.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const name = parseFunctionName(query.get("function"));
  return viewResponse(await profileViews().peek(profileDeps(), id, name, query.get("sampleType"), parseViewFilters(query)));
});
