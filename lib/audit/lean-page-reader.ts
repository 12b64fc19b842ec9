import type { DescribeInstancesCommand, DescribeSecurityGroupsCommand } from "@aws-sdk/client-ec2";
import type { DeserializeMiddleware, RelativeMiddlewareOptions } from "@smithy/types";
import { instanceIdsIfPaged, instancesPageFromXml, type InstancesPage } from "./instances-page-xml";
import { securityGroupsPageFromXml } from "./security-groups-page-xml";
import { EC2_NAMESPACE, escapeXml } from "./xml-escape";

/**
 * Reads the successful responses of a DescribeInstances or DescribeSecurityGroups call with our
 * own one-pass XML reader (lib/audit/xml-walk.ts) instead of the SDK's, which costs about 90 µs
 * per instance and 70 µs per security group (it builds strings one character at a time, then
 * walks a schema): 1,000 instances took ~0.1 s of CPU per page, on the one JS thread every region
 * shares.
 *
 * Everything else stays the unmodified SDK's, through its public middleware stack: signing,
 * endpoints, retries and throttling, and every error response (only HTTP 200 bodies are read
 * here). Two middlewares around the SDK's deserializer:
 * - inside it, the raw 200 body is read into the output's list (only the fields the audit uses),
 *   and the deserializer is handed a body with only the requestId and nextToken, which it parses
 *   as usual;
 * - outside it, the list is put into the parsed output.
 * A body our reader does not accept is handed to the SDK's deserializer unchanged.
 */

interface LeanPage {
  NextToken?: string;
  requestId?: string;
}

interface LeanReader<P extends LeanPage> {
  /** The response's root element. */
  rootName: string;
  read(xml: string): P;
  /** The output member the page fills. */
  member: keyof P & string;
}

type Middleware = DeserializeMiddleware<object, object>;

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

/** What the SDK's deserializer still reads: the requestId and the nextToken. */
function remainderXml(rootName: string, page: LeanPage): string {
  return (
    `<${rootName} xmlns="${EC2_NAMESPACE}">` +
    (page.requestId ? `<requestId>${escapeXml(page.requestId)}</requestId>` : "") +
    (page.NextToken ? `<nextToken>${escapeXml(page.NextToken)}</nextToken>` : "") +
    `</${rootName}>`
  );
}

const PAGE_KEY = "fleetscopeLeanPage";

function middlewares<P extends LeanPage>(reader: LeanReader<P>): { readBody: Middleware; putMember: Middleware } {
  const readBody: Middleware = (next, context) => async (args) => {
    const store = context as Record<string, unknown>;
    delete store[PAGE_KEY];
    const result = await next(args);
    const response = result.response as { statusCode?: number; body?: unknown };
    if (response.statusCode !== 200) return result;
    const bytes = await bodyBytes(response.body);
    try {
      const page = reader.read(bytes.toString("utf8"));
      store[PAGE_KEY] = page;
      response.body = Buffer.from(remainderXml(reader.rootName, page));
    } catch {
      response.body = bytes;
    }
    return result;
  };
  const putMember: Middleware = (next, context) => async (args) => {
    const result = await next(args);
    const page = (context as Record<string, unknown>)[PAGE_KEY] as P | undefined;
    if (page && result.output) (result.output as Record<string, unknown>)[reader.member] = page[reader.member];
    return result;
  };
  return { readBody, putMember };
}

const INSTANCES = middlewares({ rootName: "DescribeInstancesResponse", read: instancesPageFromXml, member: "Reservations" });
const INSTANCE_IDS_WHEN_PAGED = middlewares<InstancesPage>({
  rootName: "DescribeInstancesResponse",
  read: (xml) => instanceIdsIfPaged(xml) ?? instancesPageFromXml(xml),
  member: "Reservations",
});
const SECURITY_GROUPS = middlewares({
  rootName: "DescribeSecurityGroupsResponse",
  read: securityGroupsPageFromXml,
  member: "SecurityGroups",
});

/** The one method of a command's middleware stack used here, for either command. */
interface RelativeStack {
  addRelativeTo(middleware: Middleware, options: RelativeMiddlewareOptions): void;
}

function withReader<C extends DescribeInstancesCommand | DescribeSecurityGroupsCommand>(
  command: C,
  { readBody, putMember }: { readBody: Middleware; putMember: Middleware },
): C {
  const stack = command.middlewareStack as unknown as RelativeStack;
  stack.addRelativeTo(readBody, { relation: "after", toMiddleware: "deserializerMiddleware", name: "fleetscopeLeanReadBody" });
  stack.addRelativeTo(putMember, { relation: "before", toMiddleware: "deserializerMiddleware", name: "fleetscopeLeanPutMember" });
  return command;
}

/**
 * The same command, its 200 responses read by our reader (reservations with the fields the audit
 * uses). With `idsOnlyWhenPaged`, a page that has a next one carries only its instances' ids.
 */
export const withLeanInstancesReader = (command: DescribeInstancesCommand, options: { idsOnlyWhenPaged?: boolean } = {}) =>
  withReader(command, options.idsOnlyWhenPaged ? INSTANCE_IDS_WHEN_PAGED : INSTANCES);

/** The same command, its 200 responses read by our reader (groups with their ingress rules). */
export const withLeanSecurityGroupsReader = (command: DescribeSecurityGroupsCommand) => withReader(command, SECURITY_GROUPS);
