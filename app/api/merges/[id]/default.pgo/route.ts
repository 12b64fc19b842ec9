import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";
import { pgoFileResponse } from "@/lib/merges/http";

/** GET /api/merges/:id/default.pgo: the stored merged profile, gzip-compressed pprof. */
export const GET = route<{ id: string }>(async (_request, { id }) => {
  const { merge, bytes } = await mergeService().file(profileDeps(), id);
  return pgoFileResponse(bytes, merge.sha256, { "x-fleetscope-merge-id": merge.id });
});
