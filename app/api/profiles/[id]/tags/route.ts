import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * `{ sampleType, unit, total, keys: [{ key, numeric, unit?, total, values: [{ value, amount, number? }] }], unmatched }`:
 * the samples' labels with each value's amount, as go tool pprof -tags gives them (keys by name,
 * values largest first), through pprof's filters.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  return viewResponse(await profileViews().tags(profileDeps(), id, query.get("sampleType"), parseViewFilters(query)));
});
