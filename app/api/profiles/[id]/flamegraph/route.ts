import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseFlameFormat, parseFramePath, parseMinFraction, profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

/**
 * The d3-flame-graph tree `{ name, value, children }` at the top level, with `sampleType`, `unit`,
 * `total`, `minFraction` and `folded` beside it: frames under minFraction of the total (default
 * 0.0005) are folded into their parents. `path` (repeated, outermost first) names a frame's path
 * from the root: the tree then holds only the stacks through that frame, pruned at minFraction of
 * its value, so frames the whole graph folded can be seen. pprof's filters (focus, ignore, hide,
 * show, show_from, tagfocus, tagignore) and granularity apply first; a filtered tree adds
 * `profileTotal` (the whole profile's) and `unmatched` (filters that matched no sample).
 * `?format=frames`: the same facts, with `value` (the root's) and `frames` ({ names, name, depth,
 * value }: the tree in preorder, a few bytes a frame) in place of the tree (the viewer's format).
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const minFraction = parseMinFraction(query.get("minFraction"));
  const path = parseFramePath(query.getAll("path"));
  const format = parseFlameFormat(query.get("format"));
  return viewResponse(await profileViews().flame(profileDeps(), id, query.get("sampleType"), minFraction, path, parseViewFilters(query), format));
});
