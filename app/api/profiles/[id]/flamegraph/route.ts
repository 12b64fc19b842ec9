import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseFocus, parseMinFraction, profileViews, viewResponse } from "@/lib/profiles/profile-views";

/**
 * The d3-flame-graph tree `{ name, value, children }` at the top level, with `sampleType`, `unit`,
 * `total`, `minFraction` and `folded` beside it: frames under minFraction of the total (default
 * 0.0005) are folded into their parents. `focus` (repeated, outermost first) names a frame's path
 * from the root: the tree then holds only the stacks through that frame, pruned at minFraction of
 * its value, so frames the whole graph folded can be seen.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const minFraction = parseMinFraction(query.get("minFraction"));
  const focus = parseFocus(query.getAll("focus"));
  return viewResponse(await profileViews().flame(profileDeps(), id, query.get("sampleType"), minFraction, focus));
});
