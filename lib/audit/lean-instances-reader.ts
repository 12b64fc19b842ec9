import type { DescribeInstancesCommand, DescribeInstancesCommandInput, DescribeInstancesCommandOutput } from "@aws-sdk/client-ec2";
import type { DeserializeMiddleware } from "@smithy/types";
import { instancesPageFromXml, type InstancesPage } from "./instances-page-xml";
import { EC2_NAMESPACE, escapeXml } from "./xml-escape";

/**
 * Reads the successful responses of one DescribeInstances call with our own XML reader instead of
 * the SDK's, which costs about 100 µs per instance (it builds strings one character at a time):
 * 1,000 instances took ~0.1 s of CPU per page and 5,000 the better part of a second, on the one JS
 * thread every region shares.
 *
 * Everything else stays the unmodified SDK's, through its public middleware stack: signing,
 * endpoints, retries and throttling, and every error response (only HTTP 200 bodies are read
 * here). Two middlewares around the SDK's deserializer:
 * - inside it, the raw 200 body is read into reservations (the fields the audit uses), and the
 *   deserializer is handed a body with only the requestId and nextToken, which it parses as usual;
 * - outside it, those reservations are put into the parsed output.
 * A body our reader does not accept is handed to the SDK's deserializer unchanged.
 */

const LEAN_PAGE = "fleetscopeLeanInstancesPage";

type Middleware = DeserializeMiddleware<DescribeInstancesCommandInput, DescribeInstancesCommandOutput>;

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

async function bodyBytes(body: unknown): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function") {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    return Buffer.concat(chunks);
  }
  return Buffer.alloc(0);
}

function remainderXml(page: InstancesPage): string {
  return (
    `<DescribeInstancesResponse xmlns="${EC2_NAMESPACE}">` +
    (page.requestId ? `<requestId>${escapeXml(page.requestId)}</requestId>` : "") +
    "<reservationSet/>" +
    (page.NextToken ? `<nextToken>${escapeXml(page.NextToken)}</nextToken>` : "") +
    "</DescribeInstancesResponse>"
  );
}

const readRawBody: Middleware = (next, context) => async (args) => {
  const store = context as Record<string, unknown>;
  delete store[LEAN_PAGE];
  const result = await next(args);
  const response = result.response as RawResponse;
  if (response.statusCode !== 200) return result;
  const bytes = await bodyBytes(response.body);
  try {
    const page = instancesPageFromXml(bytes.toString("utf8"));
    store[LEAN_PAGE] = page;
    response.body = Buffer.from(remainderXml(page));
  } catch {
    response.body = bytes;
  }
  return result;
};

const putReservations: Middleware = (next, context) => async (args) => {
  const result = await next(args);
  const page = (context as Record<string, unknown>)[LEAN_PAGE] as InstancesPage | undefined;
  if (page && result.output) result.output.Reservations = page.Reservations;
  return result;
};

/** The same command, its 200 responses read by our reader. */
export function withLeanInstancesReader(command: DescribeInstancesCommand): DescribeInstancesCommand {
  command.middlewareStack.addRelativeTo(readRawBody, {
    relation: "after",
    toMiddleware: "deserializerMiddleware",
    name: "fleetscopeReadInstancesBody",
  });
  command.middlewareStack.addRelativeTo(putReservations, {
    relation: "before",
    toMiddleware: "deserializerMiddleware",
    name: "fleetscopePutReservations",
  });
  return command;
}
