import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { deleteProfile, getProfile } from "@/lib/profiles/queries";
import { recordActivity } from "@/lib/auth/activity";
import { profileViews } from "@/lib/profiles/profile-views";

type Params = { id: string };

export const GET = route<Params>(async (_request, { id }) => {
  return Response.json({ profile: await getProfile(profileDeps().db, id) });
});

export const DELETE = route<Params>(async (_request, { id }, principal) => {
  const deps = profileDeps();
  const profile = await getProfile(deps.db, id);
  await deleteProfile(deps.db, deps.blobs, id);
  profileViews().forget(id);
  if (principal) await recordActivity(deps.db, principal, "profile.delete", `${profile.service}/${id}`, `sha256 ${profile.sha256.slice(0, 12)}`);
  return new Response(null, { status: 204 });
});
