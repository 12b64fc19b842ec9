import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { mergeService } from "@/lib/merges/merge-service";

/** GET /api/merges/:id → { merge } */
export const GET = route<{ id: string }>(async (_request, { id }) => {
  return Response.json({ merge: await mergeService().get(profileDeps().db, id) });
});
