import { HttpError, isClientError } from "../http/errors";
import { readBodyLimited } from "../http/body";
import { ingestProfile, type FreshRead, type IngestDeps } from "./ingest";
import { parseLabels } from "./labels";
import type { ProfileDto } from "./profile-dto";

export type UploadFileResult =
  | { file: string; status: "stored" | "already stored"; profile: ProfileDto }
  | { file: string; status: "rejected"; error: string; httpStatus: number };

/**
 * `stored` lists the profiles this request created (not those already stored); `reads` has what
 * reading each of them gave, by profile id, for the viewer's cache.
 */
export type UploadOutcome = { status: number; body: Record<string, unknown>; stored: ProfileDto[]; reads: Map<string, FreshRead> };

/**
 * Handle `POST /api/profiles`: a raw pprof body with `?service=S&label=k:v`, or multipart/form-data
 * with one or more `file` fields, a `service` field and optional `label` fields.
 */
export async function handleUpload(request: Request, deps: IngestDeps, maxUploadBytes: number): Promise<UploadOutcome> {
  const url = new URL(request.url);
  const contentType = request.headers.get("content-type") ?? "";
  const body = await readBodyLimited(request, maxUploadBytes);

  if (!contentType.startsWith("multipart/form-data")) {
    const labels = parseLabels(url.searchParams.getAll("label"));
    const { profile, created, read } = await ingestProfile(
      { service: url.searchParams.get("service") ?? "", bytes: body, labels, source: "api" },
      deps,
    );
    return { status: created ? 201 : 200, body: { profile }, stored: created ? [profile] : [], reads: readsOf([{ profile, read }]) };
  }

  let form: FormData;
  try {
    form = await new Response(body as BodyInit, { headers: { "content-type": contentType } }).formData();
  } catch {
    throw new HttpError(400, "malformed multipart/form-data body");
  }
  const service = String(form.get("service") ?? url.searchParams.get("service") ?? "");
  const labels = parseLabels([
    ...url.searchParams.getAll("label"),
    ...form.getAll("label").map(String).filter((l) => l.trim() !== ""),
  ]);
  const source = form.get("source") === "browser" ? "browser" : "multipart";
  const files = form.getAll("file").filter((f): f is File => typeof f !== "string");
  if (files.length === 0) throw new HttpError(400, "multipart body has no `file` field: attach the profile as file=@cpu.pprof");

  const results: UploadFileResult[] = [];
  const reads: { profile: ProfileDto; read?: FreshRead }[] = [];
  for (const file of files) {
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const { profile, created, read } = await ingestProfile({ service, bytes, labels, source }, deps);
      reads.push({ profile, read });
      results.push({ file: file.name, status: created ? "stored" : "already stored", profile });
    } catch (err) {
      if (!isClientError(err)) throw err;
      results.push({ file: file.name, status: "rejected", error: `${file.name}: ${err.message}`, httpStatus: err.status });
    }
  }
  const accepted = results.filter((r) => r.status !== "rejected");
  if (accepted.length === 0) {
    const first = results[0] as Extract<UploadFileResult, { status: "rejected" }>;
    return { status: first.httpStatus, body: { error: results.map((r) => (r.status === "rejected" ? r.error : "")).join("; "), results }, stored: [], reads: new Map() };
  }
  const anyCreated = results.some((r) => r.status === "stored");
  const stored = results.flatMap((r) => (r.status === "stored" ? [r.profile] : []));
  return { status: anyCreated ? 201 : 200, body: { profile: accepted[0]!.profile, results }, stored, reads: readsOf(reads) };
}

function readsOf(reads: { profile: ProfileDto; read?: FreshRead }[]): Map<string, FreshRead> {
  return new Map(reads.flatMap(({ profile, read }) => (read ? [[profile.id, read] as const] : [])));
}
