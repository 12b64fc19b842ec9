import { route } from "@/lib/http/route";
import { HttpError } from "@/lib/http/errors";
import { profileDeps } from "@/lib/profiles/context";
import { parseServiceName } from "@/lib/profiles/ingest";
import { mergeService } from "@/lib/merges/merge-service";
import { pgoFileResponse } from "@/lib/merges/http";
import { DEFAULT_OPTIONS, profilePickFromQuery } from "@/lib/merges/selection";

function flag(params: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = params.get(name);
  if (raw === null || raw === "") return fallback;
  if (["1", "true", "yes", "on"].includes(raw)) return true;
  if (["0", "false", "no", "off"].includes(raw)) return false;
  throw new HttpError(400, `${name}: must be 1 or 0, got "${raw}"`);
}

/**
 * GET /api/pgo?service=A&service=B[&pick=representative[&last=14]][&equalise=1][&minimal=1][&guardHazards=1][&dropLabels=0]:
 * the latest profile of each service (or its representative run: the median total CPU of the
 * last N) merged into default.pgo, for CI (`curl -fo default.pgo`).
 * A file `go build -pgo` would refuse is refused here (422) with Go's reason, so CI stops early.
 */
export const GET = route(async (request) => {
  const params = new URL(request.url).searchParams;
  const raw = params.getAll("service");
  if (raw.length === 0) throw new HttpError(400, "name the services to merge: /api/pgo?service=users&service=search");
  const services = [...new Set(raw.map((s) => parseServiceName(s)))];
  const pick = profilePickFromQuery(params);
  const result = await mergeService().latestPgo(profileDeps(), services, {
    equalise: flag(params, "equalise", false),
    options: {
      dropLabels: flag(params, "dropLabels", DEFAULT_OPTIONS.dropLabels),
      minimal: flag(params, "minimal", DEFAULT_OPTIONS.minimal),
      guardHazards: flag(params, "guardHazards", DEFAULT_OPTIONS.guardHazards),
    },
  }, pick);
  if (result.error) {
    throw new HttpError(422, `go build -pgo would refuse this merge: ${result.error} (services: ${services.join(", ")})`);
  }
  return pgoFileResponse(result.bytes, result.sha256, {
    "x-fleetscope-profiles": result.profiles.map((p) => p.id).join(","),
    "x-fleetscope-services": result.profiles.map((p) => p.service).join(","),
    "x-fleetscope-warnings": String(result.warnings.length),
    "x-fleetscope-pick": pick.kind === "representative" ? `representative of the last ${pick.lastN}` : "latest",
    ...(result.mergeId ? { "x-fleetscope-merge-id": result.mergeId } : {}),
  });
});
