import { route } from "@/lib/http/route";
import { HttpError } from "@/lib/http/errors";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { parseLimit } from "@/lib/merges/http";

/** GET /api/merges/compare?base=ID&target=ID[&limit=N]: hot call sites that appear, disappear or move. */
export const GET = route(async (request) => {
  const params = new URL(request.url).searchParams;
  const base = params.get("base");
  const target = params.get("target");
  if (!base || !target) throw new HttpError(400, "pass two merges: ?base=ID&target=ID (the current default.pgo and its replacement)");
  return Response.json(await mergeService().compare(profileDeps(), base, target, parseLimit(params)));
});
