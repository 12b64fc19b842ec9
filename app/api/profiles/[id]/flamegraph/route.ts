import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseMinFraction, profileViews, viewResponse } from "@/lib/profiles/profile-views";

/**
 * The d3-flame-graph tree `{ name, value, children }` at the top level, with `sampleType`, `unit`,
 * `total`, `minFraction` and `folded` beside it: frames under minFraction of the total (default
 * 0.0005) are folded into their parents.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const minFraction = parseMinFraction(query.get("minFraction"));
  return viewResponse(await profileViews().flame(profileDeps(), id, query.get("sampleType"), minFraction));
});
