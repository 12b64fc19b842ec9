import { auditStore } from "@/lib/audits-store";
import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";

/** `?base=<older audit id>&target=<newer audit id>`: findings new, resolved, unchanged and unknown. */
export const GET = route(async (request) => {
  const query = new URL(request.url).searchParams;
  const base = query.get("base");
  const target = query.get("target");
  if (!base || !target) throw new HttpError(400, "give two audits: ?base=<older audit id>&target=<newer audit id>");
  return Response.json(await auditStore().compare(base, target, query.get("account") || undefined));
});
