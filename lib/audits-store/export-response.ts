import { auditStore } from "./context";
import { parseExportKind, type ExportFormat } from "./exports";

/** The download of one table of an audit (`?kind=untagged|open-ingress|regions`) as CSV or JSON. */
export async function exportResponse(request: Request, id: string, format: ExportFormat): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const kind = parseExportKind(query.get("kind"));
  const file = await auditStore().export(id, kind, format, query.get("account") || undefined);
  return new Response(file.body, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": `attachment; filename="${file.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}
