import { queryOptions } from "@tanstack/react-query";
import type { RunDto, SourceDto } from "@/lib/sources/source-dto";
import { fetchJson } from "../fetch-json";

/** POST or DELETE a JSON API; a non-2xx answer throws its `{ error }` message. */
export async function sendJson<T>(url: string, method: "POST" | "DELETE", body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(answer.error ?? `the server answered HTTP ${res.status}`);
  }
  return res.status === 204 ? (undefined as T) : ((await res.json()) as T);
}

/** Polls every second while the run goes; stops once it is done or failed. */
export const runQuery = (id: string) =>
  queryOptions({
    queryKey: ["run", id],
    queryFn: async ({ signal }) => (await fetchJson<{ run: RunDto }>(`/api/runs/${encodeURIComponent(id)}`, signal)).run,
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
    refetchIntervalInBackground: true,
    retry: 3,
  });

export const startCollect = (sourceId: string) => sendJson<{ run: RunDto; joined: boolean }>(`/api/sources/${encodeURIComponent(sourceId)}/collect`, "POST");
export const saveSource = (body: unknown) => sendJson<{ source: SourceDto }>("/api/sources", "POST", body);
export const removeSource = (sourceId: string) => sendJson<void>(`/api/sources/${encodeURIComponent(sourceId)}`, "DELETE");
