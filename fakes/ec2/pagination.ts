import { invalidParameterValue } from "./ec2-error";
import type { QueryParams } from "./query-params";

/** `MaxResults` as EC2 validates it: absent, or an integer in 5..1000. */
export function readMaxResults(params: QueryParams): number | undefined {
  const raw = params.get("MaxResults");
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 5 || value > 1000) {
    throw invalidParameterValue(
      `Value ( ${raw} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.`,
    );
  }
  return value;
}

/**
 * An opaque token bound to the action and the request's filters, like EC2's (a token from
 * another query is rejected).
 */
export function encodeNextToken(offset: number, binding: string): string {
  return Buffer.from(JSON.stringify({ o: offset, b: binding })).toString("base64url");
}

export function decodeNextToken(token: string | undefined, binding: string): number {
  if (token === undefined || token === "") return 0;
  try {
    const parsed = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { o?: unknown; b?: unknown };
    if (typeof parsed.o === "number" && Number.isInteger(parsed.o) && parsed.o >= 0 && parsed.b === binding) {
      return parsed.o;
    }
  } catch {
    // fall through to the EC2 error below
  }
  throw invalidParameterValue(`Invalid value '${token}' for nextToken`);
}

export interface Page<T> {
  items: T[];
  nextToken: string | undefined;
}

/**
 * Cuts one page: at most `maxResults` (when given) and at most `pageCap` (the server's own limit,
 * which makes pages shorter than asked, as EC2 may).
 */
export function paginate<T>(
  all: readonly T[],
  params: QueryParams,
  binding: string,
  pageCap: number | undefined,
): Page<T> {
  const maxResults = readMaxResults(params);
  const start = decodeNextToken(params.get("NextToken"), binding);
  const limit = Math.min(maxResults ?? Infinity, pageCap ?? Infinity);
  const end = Math.min(all.length, start + limit);
  return {
    items: all.slice(start, end),
    nextToken: end < all.length ? encodeNextToken(end, binding) : undefined,
  };
}
