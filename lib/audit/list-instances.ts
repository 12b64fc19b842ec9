import { DescribeInstancesCommand, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import { forEachPage } from "./paging";

export const INSTANCES_PAGE_SIZE = 1000;

/**
 * Every instance of the client's region, in every state, following every nextToken; each page's
 * instances go to `onPage` as they arrive. Resolves with the number of pages.
 */
export function forEachInstancePage(
  client: EC2Client,
  onPage: (instances: Instance[]) => void,
  signal?: AbortSignal,
): Promise<number> {
  return forEachPage(
    (NextToken) =>
      client.send(new DescribeInstancesCommand({ MaxResults: INSTANCES_PAGE_SIZE, NextToken }), { abortSignal: signal }),
    (page) => onPage((page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? [])),
  );
}
