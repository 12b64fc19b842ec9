/** GET a JSON API; a non-2xx answer throws its `{ error }` message. */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  // No custom headers: the page preloads these URLs, and a preload is only reused by an identical request.
  const res = await fetch(url, { signal });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** The error of a non-2xx answer of the API: its `{ error }` message. */
export async function failure(res: Response): Promise<Error> {
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  return new Error(body.error ?? `the server answered HTTP ${res.status}`);
}

/** Percent of a total with pprof's precision ("12.34%"); "0%" when the total is zero. */
export function percent(value: number, total: number): string {
  if (total === 0 || value === 0) return "0%";
  return `${((100 * value) / total).toFixed(2)}%`;
}
