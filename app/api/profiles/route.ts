import { appConfig } from "@/lib/config/env";
import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseServiceName } from "@/lib/profiles/ingest";
import { listProfiles } from "@/lib/profiles/queries";
import { handleUpload } from "@/lib/profiles/upload-request";

export const POST = route("operator", async (request) => {
  const outcome = await handleUpload(request, profileDeps(), appConfig().maxUploadBytes);
  return Response.json(outcome.body, { status: outcome.status });
});

export const GET = route("viewer", async (request) => {
  const service = parseServiceName(new URL(request.url).searchParams.get("service") ?? "");
  return Response.json({ profiles: await listProfiles(profileDeps().db, service) });
});
