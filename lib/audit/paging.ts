/**
 * Follows `nextToken` until the last page. The next page is requested before the current one is
 * handed to `onPage`, so the caller's work on a page overlaps the next call's round trip. Stops
 * with PaginationLoop on a token that repeats (a broken paginator).
 */
export async function forEachPage<P extends { NextToken?: string }>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
  maxPages = 100_000,
): Promise<number> {
  const seen = new Set<string>();
  let pages = 0;
  let pending: Promise<P> | undefined = fetchPage(undefined);
  while (pending) {
    const page: P = await pending;
    pages += 1;
    const nextToken = page.NextToken || undefined;
    pending = undefined;
    if (nextToken !== undefined) {
      if (seen.has(nextToken) || pages >= maxPages) {
        throw Object.assign(new Error(`pagination did not end after ${pages} pages`), { name: "PaginationLoop" });
      }
      seen.add(nextToken);
      pending = fetchPage(nextToken);
    }
    try {
      onPage(page);
    } catch (error) {
      pending?.catch(() => undefined);
      throw error;
    }
  }
  return pages;
}
