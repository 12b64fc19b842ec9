/** Follows `nextToken` until the last page; stops on a token that repeats (a broken paginator). */
export async function forEachPage<P extends { NextToken?: string }>(
  fetchPage: (nextToken: string | undefined) => Promise<P>,
  onPage: (page: P) => void,
  maxPages = 100_000,
): Promise<number> {
  const seen = new Set<string>();
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(nextToken);
    pages += 1;
    onPage(page);
    nextToken = page.NextToken || undefined;
    if (nextToken !== undefined) {
      if (seen.has(nextToken) || pages >= maxPages) {
        throw Object.assign(new Error(`pagination did not end after ${pages} pages`), { name: "PaginationLoop" });
      }
      seen.add(nextToken);
    }
  } while (nextToken !== undefined);
  return pages;
}
