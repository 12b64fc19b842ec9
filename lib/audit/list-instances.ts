import { DescribeInstancesCommand, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import { forEachPage } from "./paging";

export const INSTANCES_PAGE_SIZE = 1000;

/** Every instance of the client's region, in every state, following every nextToken. */
export async function listInstances(
  client: EC2Client,
  options: { signal?: AbortSignal; onProgress?: (instancesSoFar: number) => void } = {},
): Promise<Instance[]> {
  const instances: Instance[] = [];
  await forEachPage(
    (NextToken) =>
      client.send(new DescribeInstancesCommand({ MaxResults: INSTANCES_PAGE_SIZE, NextToken }), {
        abortSignal: options.signal,
      }),
    (page) => {
      for (const reservation of page.Reservations ?? []) instances.push(...(reservation.Instances ?? []));
      options.onProgress?.(instances.length);
    },
  );
  return instances;
}
