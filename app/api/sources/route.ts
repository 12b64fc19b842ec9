import { recordActivity } from "@/lib/auth/activity";
import { actorName } from "@/lib/auth/roles";
import { db } from "@/lib/db/client";
import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { createSource, listSources, parseSourceRequest } from "@/lib/sources";
import { describeSource } from "@/lib/sources/describe-source";

/** Every source with its latest run. */
export const GET = route(async () => {
  return Response.json({ sources: await listSources(db()) });
});

/** Saves a source after checking it (kind, names, every URL): 201 { source }. */
export const POST = route(async (request, _params, principal) => {
  let body: unknown;
  try {
    body = JSON.parse(await request.text());
  } catch {
    throw new HttpError(400, 'the body must be JSON, e.g. {"kind":"endpoint","service":"users","urls":["http://10.0.1.12:6060"]}');
  }
  const source = await createSource(db(), parseSourceRequest(body), principal ? actorName(principal) : "unknown");
  if (principal) await recordActivity(db(), principal, "source.create", source.id, describeSource(source));
  return Response.json({ source }, { status: 201 });
});
