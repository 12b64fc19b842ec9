import { auditStore } from "@/lib/audits-store";
import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (_request, { id }) => {
  return Response.json({ audit: await auditStore().get(id) });
});
