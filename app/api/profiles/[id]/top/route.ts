import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { profileViews, viewResponse } from "@/lib/profiles/profile-views";

/** `{ sampleType, unit, total, rows: [{ name, flat, cum }] }`: every function, flat descending (go tool pprof -top). */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const sampleType = new URL(request.url).searchParams.get("sampleType");
  return viewResponse(await profileViews().top(profileDeps(), id, sampleType));
});
