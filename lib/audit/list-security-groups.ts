import { DescribeSecurityGroupsCommand, type EC2Client, type SecurityGroup } from "@aws-sdk/client-ec2";
import { withLeanSecurityGroupsReader } from "./lean-page-reader";
import { forEachPage } from "./paging";

export const SECURITY_GROUPS_PAGE_SIZE = 1000;
/** Group ids per `group-id` filter: EC2 caps the values of one filter, 200 stays well inside. */
export const GROUP_IDS_PER_FILTER = 200;

async function pagedGroups(
  client: EC2Client,
  groupIds: readonly string[] | undefined,
  signal: AbortSignal | undefined,
): Promise<SecurityGroup[]> {
  const groups: SecurityGroup[] = [];
  const Filters = groupIds ? [{ Name: "group-id", Values: [...groupIds] }] : undefined;
  await forEachPage(
    (NextToken) =>
      client.send(
        withLeanSecurityGroupsReader(new DescribeSecurityGroupsCommand({ Filters, MaxResults: SECURITY_GROUPS_PAGE_SIZE, NextToken })),
        { abortSignal: signal },
      ),
    (page) => groups.push(...(page.SecurityGroups ?? [])),
  );
  return groups;
}

/** Every security group of the client's region, paged. */
export function listAllSecurityGroups(client: EC2Client, signal?: AbortSignal): Promise<SecurityGroup[]> {
  return pagedGroups(client, undefined, signal);
}

/**
 * The groups with these ids, by `group-id` filter (unlike `GroupIds`, a filter does not fail the
 * whole call when one group was deleted meanwhile); the chunks are read at the same time.
 */
export async function listSecurityGroupsById(
  client: EC2Client,
  groupIds: readonly string[],
  signal?: AbortSignal,
): Promise<SecurityGroup[]> {
  const unique = [...new Set(groupIds)];
  const chunks: string[][] = [];
  for (let i = 0; i < unique.length; i += GROUP_IDS_PER_FILTER) chunks.push(unique.slice(i, i + GROUP_IDS_PER_FILTER));
  const pages = await Promise.all(chunks.map((chunk) => pagedGroups(client, chunk, signal)));
  return pages.flat();
}
