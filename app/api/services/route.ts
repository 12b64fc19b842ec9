import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { listServices } from "@/lib/profiles/queries";

export const GET = route(async () => {
  return Response.json({ services: await listServices(profileDeps().db) });
});
