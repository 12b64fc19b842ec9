import { auditStore, parseFindingKind } from "@/lib/audits-store";
import { route } from "@/lib/http/route";

/** `?kind=untagged|open-ingress`: `{ findings }` of a finished audit (409 while it runs). */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  const kind = parseFindingKind(query.get("kind"));
  return Response.json({ findings: await auditStore().findings(id, kind, query.get("account") || undefined) });
});
