import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { jsonResponse } from "@/lib/merges/http";

/** GET /api/merges/:id/flamegraph: the flame graph (d3-flame-graph tree) of the stored default.pgo. */
export const GET = route<{ id: string }>(async (_request, { id }) => {
  return jsonResponse(await mergeService().storedFlame(profileDeps(), id));
});
