/**
 * Errors that mean a part the server depends on cannot be reached (the database, the profile
 * store), as opposed to a bug: the request may succeed again once the part is back, so they answer
 * 503 naming the part instead of a 500.
 */
export type DependencyPart = "database" | "store";

const NETWORK_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EPIPE", "EAI_AGAIN", "ECONNABORTED",
  "UND_ERR_SOCKET", "UND_ERR_CONNECT_TIMEOUT", "57P01", "57P03", "08006", "08001", "08003",
]);
/** Prisma's codes for "cannot reach / lost the database" and "no connection from the pool in time". */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const UNREACHABLE_TEXT = /can't reach database|connection terminated|connection refused|ECONNREFUSED|ECONNRESET|timeout exceeded when trying to connect|Connection closed|socket hang up|database system is shutting down|DatabaseNotReachable|Timed out fetching a new connection/i;

export class DependencyUnavailableError extends Error {
  readonly status = 503;
  constructor(readonly part: DependencyPart, detail: string) {
    super(`the ${part === "database" ? "database" : "profile store"} is unreachable (${detail}): try again shortly`);
    this.name = "DependencyUnavailableError";
  }
}

function chain(err: unknown): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let current: unknown = err;
  for (let depth = 0; current && typeof current === "object" && depth < 6; depth++) {
    out.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function looksUnreachable(e: Record<string, unknown>): boolean {
  const code = String(e.code ?? e.errno ?? "");
  const kind = (e as { kind?: unknown }).kind;
  return NETWORK_CODES.has(code) || PRISMA_CODES.has(code) || kind === "DatabaseNotReachable" || UNREACHABLE_TEXT.test(String(e.message ?? ""));
}

/** Which part an error says is unreachable, or null for any other error. */
export function unavailablePart(err: unknown): { part: DependencyPart; detail: string } | null {
  if (err instanceof DependencyUnavailableError) return { part: err.part, detail: err.message };
  const links = chain(err);
  const hit = links.find(looksUnreachable);
  if (!hit) return null;
  // The AWS SDK marks its errors with $metadata / $fault; everything else here goes through Prisma.
  const fromSdk = links.some((e) => "$metadata" in e || "$fault" in e || /S3|NetworkingError|TimeoutError|RequestTimeout/.test(String(e.name ?? "")));
  const detail = String(hit.code ?? hit.name ?? "unreachable");
  return { part: fromSdk ? "store" : "database", detail };
}
