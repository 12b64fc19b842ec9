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
 * `?format=frames`: the tree's preorder columns in a binary body (lib/pprof/flame-frames-codec.ts:
 * 15 bytes a frame, typed arrays the browser reads in place), the same facts with the root's `value`
 * in its JSON block: the viewer's form of a folding it asks for.
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const minFraction = parseMinFraction(query.get("minFraction"));
  const path = parseFramePath(query.getAll("path"));
  const frames = parseFlameFormat(query.get("format")) === "frames";
  const views = profileViews();
  const args = [profileDeps(), id, query.get("sampleType"), minFraction, path, parseViewFilters(query)] as const;
  return viewResponse(await (frames ? views.flameFrames(...args) : views.flame(...args)));
});
