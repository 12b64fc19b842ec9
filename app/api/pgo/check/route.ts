import { appConfig } from "@/lib/config/env";
import { readBodyLimited } from "@/lib/http/body";
import { route } from "@/lib/http/route";
import { checkCommittedFile } from "@/lib/pgo-check/check";
import { parseCheckQuery } from "@/lib/pgo-check/check-request";
import { staleMessage } from "@/lib/pgo-check/freshness";
import { profileDeps } from "@/lib/profiles/context";

/**
 * POST /api/pgo/check?service=A&service=B[&min=0.8], body: the committed default.pgo.
 * Per service, the share of its own hot call-site weight that is hot in the committed file too;
 * with `min`, 412 (same body plus `error`) when a service falls below it, so CI fails the step.
 */
export const POST = route(async (request) => {
  const query = parseCheckQuery(new URL(request.url).searchParams);
  const bytes = await readBodyLimited(request, appConfig().maxUploadBytes);
  const report = await checkCommittedFile(profileDeps(), bytes, query.services, query.min);
  if (query.min !== undefined && !report.fresh) return Response.json({ ...report, error: staleMessage(report) }, { status: 412 });
  return Response.json(report);
});
