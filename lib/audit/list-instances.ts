import { DescribeInstancesCommand, type DescribeInstancesCommandOutput, type EC2Client, type Filter, type Instance } from "@aws-sdk/client-ec2";
import { withLeanInstancesReader } from "./lean-page-reader";
import { forEachPage } from "./paging";

export const INSTANCES_PAGE_SIZE = 1000;

/**
 * Instance ids are `i-` and hex digits (17 of them, the first of which is 0 in practice, or 8 in
 * old ids), so these 16 `instance-id` filter values on the second digit (EC2 filters take `?` and
 * `*` wildcards) split a region's instances into 16 disjoint slices that can be paged side by side.
 */
export const INSTANCE_ID_SLICES: readonly string[] = [..."0123456789abcdef"].map((digit) => `i-?${digit}*`);

export interface ListInstancesOptions {
  signal?: AbortSignal;
  /**
   * When the first page has a nextToken (more than 1,000 instances), page the region in 16
   * slices at once instead of one nextToken after another: a region of 5,000 instances takes two
   * round trips in sequence instead of five. Default true.
   */
  slices?: boolean;
  /**
   * The region had more than one page of instances in an earlier scan: its slices are asked at
   * once, beside the first page (read for its ids only), instead of after it. One round trip.
   */
  knownLarge?: boolean;
}

const instancesOf = (page: DescribeInstancesCommandOutput): Instance[] =>
  (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);

/**
 * Every instance of the client's region, in every state, each once; each page's instances go to
 * `onPage` as they arrive. Resolves with the number of DescribeInstances calls.
 */
export async function forEachInstancePage(
  client: EC2Client,
  onPage: (instances: Instance[]) => void,
  options: ListInstancesOptions = {},
): Promise<number> {
  const { signal } = options;
  const slices = options.slices !== false;
  const fetchPage = (NextToken: string | undefined, Filters?: Filter[], idsOnlyWhenPaged = false) =>
    client.send(
      withLeanInstancesReader(new DescribeInstancesCommand({ MaxResults: INSTANCES_PAGE_SIZE, NextToken, Filters }), { idsOnlyWhenPaged }),
      { abortSignal: signal },
    );
  /** Follows one nextToken chain from a page already read. */
  const continueFrom = (page: DescribeInstancesCommandOutput, deliver: (page: DescribeInstancesCommandOutput) => void) =>
    forEachPage((token) => (token === undefined ? Promise.resolve(page) : fetchPage(token)), deliver).then((pages) => pages - 1);

  /** The 16 slices, side by side; every instance is delivered once. Resolves with their calls (and the plain paging's, if needed). */
  const readSlices = async (firstPage: DescribeInstancesCommandOutput | Promise<DescribeInstancesCommandOutput>): Promise<number> => {
    const delivered = new Set<string>();
    const deliver = (page: DescribeInstancesCommandOutput) => {
      const fresh: Instance[] = [];
      for (const instance of instancesOf(page)) {
        const id = instance.InstanceId;
        if (id && !delivered.has(id)) (delivered.add(id), fresh.push(instance));
      }
      if (fresh.length > 0) onPage(fresh);
    };
    const slicePages = await Promise.all(
      INSTANCE_ID_SLICES.map((slice) => forEachPage((token) => fetchPage(token, [{ Name: "instance-id", Values: [slice] }]), deliver)),
    );
    const first = await firstPage;
    // A first page without a next one was read in full (the region shrank since): it counts too.
    if (!first.NextToken) deliver(first);
    let calls = slicePages.reduce((sum, pages) => sum + pages, 0);
    // An instance of the first page that no slice returned means the slices do not cover the
    // region (an id of another shape): page the plain way too, from the start, so nothing is missed.
    if (instancesOf(first).some((instance) => instance.InstanceId && !delivered.has(instance.InstanceId))) {
      calls += 1 + (await continueFrom(await fetchPage(undefined), deliver));
    }
    return calls;
  };

  // With slices, a first page that has a next one is not read (its ids only): the slices return
  // its instances. A region known to be large asks for the slices at the same time.
  const firstRead = fetchPage(undefined, undefined, slices);
  if (!(slices && options.knownLarge)) {
    const first = await firstRead;
    if (!first.NextToken || !slices) return 1 + (await continueFrom(first, (page) => onPage(instancesOf(page))));
    return 1 + (await readSlices(first));
  }
  firstRead.catch(() => undefined);
  return 1 + (await readSlices(firstRead));
}
