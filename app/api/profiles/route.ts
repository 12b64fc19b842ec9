import { appConfig } from "@/lib/config/env";
import { route } from "@/lib/http/route";
import { profileDeps } from "@/lib/profiles/context";
import { parseServiceName } from "@/lib/profiles/ingest";
import { listProfiles } from "@/lib/profiles/queries";
import { handleUpload } from "@/lib/profiles/upload-request";
import { profileViews } from "@/lib/profiles/profile-views";
import { recordActivity } from "@/lib/auth/activity";
import { mergeService } from "@/lib/merges/merge-service";

const MERGE_WARM_DELAY_MS = 3_000;

export const POST = route(async (request, _params, principal) => {
  const deps = profileDeps();
  const outcome = await handleUpload(request, deps, appConfig().maxUploadBytes);
  if (principal) {
    for (const stored of outcome.stored) {
      await recordActivity(deps.db, principal, "profile.upload", `${stored.service}/${stored.id}`, `${stored.sizeBytes} bytes, sha256 ${stored.sha256.slice(0, 12)}`);
    }
  }
  // Precompute the viewer's default views in the background: the first page view is then warm.
  const viewsReady = Promise.all(outcome.stored.map((stored) => profileViews().warm(deps, stored.id, outcome.reads.get(stored.id), stored)));
  // Then the merge preview's reading of its call sites (merges use the latest profiles): a while
  // later, so that it does not hold up the first view of the profile, which usually comes next.
  void viewsReady.then(() => mergeService().warm(deps, outcome.stored, MERGE_WARM_DELAY_MS));
  return Response.json(outcome.body, { status: outcome.status });
});

export const GET = route(async (request) => {
  const service = parseServiceName(new URL(request.url).searchParams.get("service") ?? "");
  return Response.json({ profiles: await listProfiles(profileDeps().db, service) });
});
