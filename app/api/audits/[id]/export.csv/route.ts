import { exportResponse } from "@/lib/audits-store/export-response";
import { route } from "@/lib/http/route";

export const GET = route<{ id: string }>(async (request, { id }) => exportResponse(request, id, "csv"));
