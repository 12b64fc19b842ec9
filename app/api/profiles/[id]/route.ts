import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { deleteProfile, getProfile } from "@/lib/profiles/queries";

type Params = { id: string };

export const GET = route<Params>("viewer", async (_request, { id }) => {
  return Response.json({ profile: await getProfile(profileDeps().db, id) });
});

export const DELETE = route<Params>("operator", async (_request, { id }) => {
  const deps = profileDeps();
  await deleteProfile(deps.db, deps.blobs, id);
  return new Response(null, { status: 204 });
});
