import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * `{ sampleType, unit, total, rows: [{ name, flat, cum }] }`: every function, flat descending (go tool
 * pprof -top), through pprof's filters (focus, ignore, hide, show, show_from, tagfocus, tagignore) at
 * a granularity (functions, lines, files); a filtered table adds `profileTotal` and `unmatched`.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  return viewResponse(await profileViews().top(profileDeps(), id, query.get("sampleType"), parseViewFilters(query)));
});
