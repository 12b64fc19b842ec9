import { DescribeInstancesCommand, DescribeRegionsCommand, DescribeSecurityGroupsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeInstance, fakeRegion, fakeSecurityGroup } from "./fleet-builders";
import type { FakeFleet } from "./fleet-types";
import { startFakeEc2, type FakeEc2Server } from "./server";

const open22 = fakeSecurityGroup("sg-open22", [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrs: ["0.0.0.0/0"] }]);
const allTraffic = fakeSecurityGroup("sg-all", [
  { protocol: "-1", cidrs: ["0.0.0.0/0"], ipv6Cidrs: ["::/0"], prefixListIds: ["pl-1"], groupRefs: [{ groupId: "sg-open22" }] },
]);

function fleet(): FakeFleet {
  const instances = Array.from({ length: 12 }, (_, i) =>
    fakeInstance(`i-${String(i).padStart(4, "0")}`, { tags: i === 0 ? {} : { Name: `n${i}` }, groups: [open22] }),
  );
  return {
    ownerId: "111122223333",
    regions: [
      fakeRegion("eu-west-1", instances, [open22, allTraffic]),
      fakeRegion("us-east-1", [], []),
      fakeRegion("af-south-1", [], [], { optInStatus: "not-opted-in" }),
      fakeRegion("ap-east-1", [], [], { failure: "UnauthorizedOperation" }),
    ],
  };
}

const auth = (region: string) =>
  `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261123/${region}/ec2/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;

let fake: FakeEc2Server;

async function call(region: string | undefined, params: Record<string, string>) {
  const response = await fetch(`${fake.url}/`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...(region ? { authorization: auth(region) } : {}) },
    body: new URLSearchParams({ Version: "2016-11-15", ...params }).toString(),
  });
  return { status: response.status, headers: response.headers, body: await response.text() };
}

const sdk = (region: string) =>
  new EC2Client({
    region,
    endpoint: fake.url,
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "not-a-secret" },
    maxAttempts: 1,
  });

beforeAll(async () => {
  fake = await startFakeEc2({ fleet: fleet(), port: 0 });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.update({ fleet: fleet(), throttle: undefined, latencyMs: 0, maxPageSize: undefined, reuseAnswers: false });
  fake.stats.reset();
});

describe("fake EC2: protocol", () => {
  it("answers in the EC2 namespace with a requestId and an accurate Date header", async () => {
    const before = Date.now();
    const { status, headers, body } = await call("eu-west-1", { Action: "DescribeRegions" });
    expect(status).toBe(200);
    expect(body).toMatch(/<DescribeRegionsResponse xmlns="http:\/\/ec2\.amazonaws\.com\/doc\/2016-11-15\/"><requestId>[0-9a-f-]{36}<\/requestId>/);
    expect(headers.get("content-type")).toContain("text/xml");
    const date = Date.parse(headers.get("date") ?? "");
    expect(Math.abs(date - before)).toBeLessThan(2000);
  });

  it("lists enabled regions, and not-opted-in ones with AllRegions=true", async () => {
    const enabled = await call("eu-west-1", { Action: "DescribeRegions" });
    expect(enabled.body).toContain("<regionName>eu-west-1</regionName>");
    expect(enabled.body).not.toContain("af-south-1");
    const all = await call("eu-west-1", { Action: "DescribeRegions", AllRegions: "true" });
    expect(all.body).toContain("<regionName>af-south-1</regionName><regionEndpoint>ec2.af-south-1.fake-ec2.invalid</regionEndpoint><optInStatus>not-opted-in</optInStatus>");
    const one = await call("eu-west-1", { Action: "DescribeRegions", "RegionName.1": "us-east-1" });
    expect(one.body.match(/<regionName>/g)).toHaveLength(1);
  });

  it("reads the region from the SigV4 credential scope", async () => {
    await call("us-east-1", { Action: "DescribeInstances" });
    await call("eu-west-1", { Action: "DescribeInstances" });
    expect(fake.stats.calls("us-east-1", "DescribeInstances")).toBe(1);
    expect(fake.stats.calls("eu-west-1", "DescribeInstances")).toBe(1);
  });

  it("renders instances with state, groups, interfaces, and no tagSet when untagged", async () => {
    const { body } = await call("eu-west-1", { Action: "DescribeInstances", "InstanceId.1": "i-0000" });
    expect(body).toContain("<reservationSet><item><reservationId>");
    expect(body).toContain("<instanceState><code>16</code><name>running</name></instanceState>");
    expect(body).toContain("<groupSet><item><groupId>sg-open22</groupId>");
    expect(body).toContain("<networkInterfaceSet><item><networkInterfaceId>");
    expect(body).not.toContain("tagSet");
    const tagged = await call("eu-west-1", { Action: "DescribeInstances", "InstanceId.1": "i-0001" });
    expect(tagged.body).toContain("<tagSet><item><key>Name</key><value>n1</value></item></tagSet>");
  });

  it("renders permissions without ports for -1, with group refs, ranges, IPv6 and prefix lists", async () => {
    const { body } = await call("eu-west-1", { Action: "DescribeSecurityGroups", "Filter.1.Name": "group-id", "Filter.1.Value.1": "sg-all" });
    expect(body).toContain("<securityGroupInfo><item>");
    expect(body).toContain(
      "<ipPermissions><item><ipProtocol>-1</ipProtocol><groups><item><userId>111122223333</userId><groupId>sg-open22</groupId></item></groups>" +
        "<ipRanges><item><cidrIp>0.0.0.0/0</cidrIp></item></ipRanges><ipv6Ranges><item><cidrIpv6>::/0</cidrIpv6></item></ipv6Ranges>" +
        "<prefixListIds><item><prefixListId>pl-1</prefixListId></item></prefixListIds></item></ipPermissions>",
    );
    expect(body).toContain("<ipPermissionsEgress><item><ipProtocol>-1</ipProtocol>");
    expect(body).not.toContain("sg-open22</groupId><groupName>");
  });

  it("pages with MaxResults and nextToken, and may cut pages shorter than asked", async () => {
    const first = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5" });
    expect(first.body.match(/<instanceId>/g)).toHaveLength(5);
    const token = /<nextToken>([^<]+)<\/nextToken>/.exec(first.body)?.[1];
    expect(token).toBeDefined();
    const second = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5", NextToken: token! });
    expect(second.body).toContain("<instanceId>i-0005</instanceId>");
    fake.update({ maxPageSize: 3 });
    const short = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "1000" });
    expect(short.body.match(/<instanceId>/g)).toHaveLength(3);
    expect(short.body).toContain("<nextToken>");
  });

  it("rejects a nextToken from another query", async () => {
    const first = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5" });
    const token = /<nextToken>([^<]+)<\/nextToken>/.exec(first.body)?.[1] ?? "";
    const other = await call("eu-west-1", { Action: "DescribeSecurityGroups", MaxResults: "5", NextToken: token });
    expect(other.status).toBe(400);
    expect(other.body).toContain("<Code>InvalidParameterValue</Code>");
  });

  it.each(["4", "1001", "abc"])("validates MaxResults=%s like EC2", async (value) => {
    const { status, body } = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: value });
    expect(status).toBe(400);
    expect(body).toMatch(/^<\?xml[^>]*>\n<Response><Errors><Error><Code>InvalidParameterValue<\/Code><Message>Value \( .+ \) for parameter maxResults is invalid\. Expecting a value between 5 and 1000\.<\/Message><\/Error><\/Errors><RequestID>[0-9a-f-]{36}<\/RequestID><\/Response>$/);
  });

  it("refuses MaxResults together with InstanceId.N", async () => {
    const { status, body } = await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5", "InstanceId.1": "i-0000" });
    expect(status).toBe(400);
    expect(body).toContain("<Code>InvalidParameterCombination</Code>");
  });

  it("filters instances by state and tag, and rejects unknown filters", async () => {
    const running = await call("eu-west-1", { Action: "DescribeInstances", "Filter.1.Name": "instance-state-name", "Filter.1.Value.1": "stopped" });
    expect(running.body).not.toContain("<instanceId>");
    const byTag = await call("eu-west-1", { Action: "DescribeInstances", "Filter.1.Name": "tag:Name", "Filter.1.Value.1": "n1*" });
    expect(byTag.body.match(/<instanceId>/g)).toHaveLength(3); // n1, n10, n11
    const bad = await call("eu-west-1", { Action: "DescribeInstances", "Filter.1.Name": "nope", "Filter.1.Value.1": "x" });
    expect(bad.status).toBe(400);
  });

  it("answers InvalidAction (400) to an unknown action", async () => {
    const { status, body } = await call("eu-west-1", { Action: "RunInstances" });
    expect(status).toBe(400);
    expect(body).toContain("<Code>InvalidAction</Code>");
  });

  it("answers AuthFailure (401) without a signature and for a not-opted-in or unknown region", async () => {
    for (const region of [undefined, "af-south-1", "xx-nowhere-1"]) {
      const { status, body } = await call(region, { Action: "DescribeInstances" });
      expect(status).toBe(401);
      expect(body).toContain("<Code>AuthFailure</Code>");
    }
  });

  it("answers UnauthorizedOperation (403) in a denied region", async () => {
    const { status, body } = await call("ap-east-1", { Action: "DescribeInstances" });
    expect(status).toBe(403);
    expect(body).toContain("<Code>UnauthorizedOperation</Code>");
  });
});

describe("fake EC2: throttling, latency, stats", () => {
  it("fails the first N calls of each region and action with RequestLimitExceeded (503)", async () => {
    fake.update({ throttle: { failFirst: 2, actions: ["DescribeInstances"] } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("eu-west-1", { Action: "DescribeInstances" })).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect((await call("eu-west-1", { Action: "DescribeSecurityGroups" })).status).toBe(200);
    expect(fake.stats.throttled("eu-west-1", "DescribeInstances")).toBe(2);
    expect(fake.stats.calls("eu-west-1")).toBe(4);
  });

  it("throttles by rate with a token bucket per region", async () => {
    fake.update({ throttle: { ratePerSecond: 1, burst: 2 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await call("eu-west-1", { Action: "DescribeRegions" })).status);
    expect(statuses).toEqual([200, 200, 503, 503]);
    expect((await call("us-east-1", { Action: "DescribeRegions" })).status).toBe(200);
  });

  it("with reuseAnswers, gives a request the answer it rendered before (a new requestId) until the next update", async () => {
    const current = fleet();
    fake.update({ fleet: current, reuseAnswers: true });
    const ask = () => call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5" });
    const requestIdOf = (body: string) => /<requestId>([^<]+)<\/requestId>/.exec(body)?.[1];
    const first = await ask();
    // Changed in place, without update: the kept answer is given again.
    current.regions[0].instances[1].state = "stopped";
    const again = await ask();
    expect(again.status).toBe(200);
    expect(again.body.replace(requestIdOf(again.body) ?? "", "")).toBe(first.body.replace(requestIdOf(first.body) ?? "", ""));
    expect(requestIdOf(again.body)).not.toBe(requestIdOf(first.body));
    // Another request (the next page) is rendered from the fleet as it is now.
    const token = /<nextToken>([^<]+)<\/nextToken>/.exec(first.body)?.[1] ?? "";
    expect((await call("eu-west-1", { Action: "DescribeInstances", MaxResults: "5", NextToken: token })).status).toBe(200);
    // An update forgets every kept answer.
    fake.update({ fleet: current });
    expect((await ask()).body).toContain("<name>stopped</name>");
    // Without reuseAnswers, every answer is rendered afresh.
    fake.update({ reuseAnswers: false });
    current.regions[0].instances[1].state = "terminated";
    expect((await ask()).body).toContain("<name>terminated</name>");
  });

  it("waits the configured latency and counts concurrency", async () => {
    fake.update({ latencyMs: 40 });
    const started = performance.now();
    await Promise.all([1, 2, 3].map(() => call("eu-west-1", { Action: "DescribeRegions" })));
    expect(performance.now() - started).toBeGreaterThanOrEqual(38);
    expect(fake.stats.maxInFlight).toBe(3);
    expect(fake.stats.snapshot()["eu-west-1"]?.DescribeRegions).toEqual({ calls: 3, throttled: 0, errors: 0 });
  });
});

describe("fake EC2: through the unmodified SDK", () => {
  it("parses regions, paged instances and security groups", async () => {
    const client = sdk("eu-west-1");
    const regions = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
    expect(regions.Regions?.map((r) => [r.RegionName, r.OptInStatus])).toContainEqual(["af-south-1", "not-opted-in"]);

    const first = await client.send(new DescribeInstancesCommand({ MaxResults: 10 }));
    expect(first.Reservations?.flatMap((r) => r.Instances ?? [])).toHaveLength(10);
    expect(first.NextToken).toBeTruthy();
    const rest = await client.send(new DescribeInstancesCommand({ MaxResults: 10, NextToken: first.NextToken }));
    const instance = rest.Reservations?.[0]?.Instances?.[0];
    expect(instance).toMatchObject({ InstanceId: "i-0010", State: { Code: 16, Name: "running" }, SecurityGroups: [{ GroupId: "sg-open22" }] });
    expect(rest.NextToken).toBeUndefined();
    const untagged = first.Reservations?.[0]?.Instances?.[0];
    expect(untagged?.Tags).toBeUndefined();

    const groups = await client.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-all"] }));
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.[0]).toMatchObject({
      IpProtocol: "-1",
      IpRanges: [{ CidrIp: "0.0.0.0/0" }],
      Ipv6Ranges: [{ CidrIpv6: "::/0" }],
      PrefixListIds: [{ PrefixListId: "pl-1" }],
      UserIdGroupPairs: [{ GroupId: "sg-open22" }],
    });
    expect(groups.SecurityGroups?.[0]?.IpPermissions?.[0]?.FromPort).toBeUndefined();
    client.destroy();
  });

  it("surfaces EC2 error codes and statuses to the SDK", async () => {
    const client = sdk("ap-east-1");
    await expect(client.send(new DescribeInstancesCommand({}))).rejects.toMatchObject({
      name: "UnauthorizedOperation",
      $metadata: { httpStatusCode: 403 },
    });
    const notFound = sdk("eu-west-1");
    await expect(notFound.send(new DescribeSecurityGroupsCommand({ GroupIds: ["sg-gone"] }))).rejects.toMatchObject({
      name: "InvalidGroup.NotFound",
    });
    client.destroy();
    notFound.destroy();
  });
});
