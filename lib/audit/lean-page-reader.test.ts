import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  type DescribeInstancesCommandOutput,
  type DescribeSecurityGroupsCommandOutput,
  type EC2Client,
  type Instance,
  type IpPermission,
} from "@aws-sdk/client-ec2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEc2Client } from "./ec2-client";
import { fakeEc2ClientFactory, FAKE_CREDENTIALS } from "../../fakes/ec2/client-factory";
import { demoFleet } from "../../fakes/ec2/demo-fleet";
import { generateFleet } from "../../fakes/ec2/generate-fleet";
import { startFakeEc2, type FakeEc2Server } from "../../fakes/ec2/server";
import { withLeanInstancesReader, withLeanSecurityGroupsReader } from "./lean-page-reader";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

/** What the audit reads of an instance, with absent lists as empty ones. */
const audited = (instance: Instance) => ({
  InstanceId: instance.InstanceId,
  InstanceType: instance.InstanceType,
  State: instance.State && { Code: instance.State.Code, Name: instance.State.Name },
  SecurityGroups: (instance.SecurityGroups ?? []).map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
  Tags: instance.Tags?.map((t) => ({ Key: t.Key, Value: t.Value })),
  NetworkInterfaces: (instance.NetworkInterfaces ?? []).map((eni) => ({
    NetworkInterfaceId: eni.NetworkInterfaceId,
    Groups: (eni.Groups ?? []).map((g) => ({ GroupId: g.GroupId, GroupName: g.GroupName })),
  })),
});
const auditedPage = (page: DescribeInstancesCommandOutput) => ({
  NextToken: page.NextToken,
  requestId: page.$metadata.requestId,
  Reservations: (page.Reservations ?? []).map((r) => ({
    ReservationId: r.ReservationId,
    OwnerId: r.OwnerId,
    Instances: (r.Instances ?? []).map(audited),
  })),
});

/** What the open-ingress rule reads of a permission, with absent lists as empty ones. */
const auditedPermission = (p: IpPermission) => ({
  IpProtocol: p.IpProtocol,
  FromPort: p.FromPort,
  ToPort: p.ToPort,
  IpRanges: (p.IpRanges ?? []).map((r) => r.CidrIp),
  Ipv6Ranges: (p.Ipv6Ranges ?? []).map((r) => r.CidrIpv6),
  PrefixListIds: (p.PrefixListIds ?? []).map((r) => r.PrefixListId),
  UserIdGroupPairs: (p.UserIdGroupPairs ?? []).map((r) => r.GroupId),
});
const auditedGroupsPage = (page: DescribeSecurityGroupsCommandOutput) => ({
  NextToken: page.NextToken,
  SecurityGroups: (page.SecurityGroups ?? []).map((g) => ({
    GroupId: g.GroupId,
    GroupName: g.GroupName,
    IpPermissions: (g.IpPermissions ?? []).map(auditedPermission),
  })),
});
const sendGroups = (client: EC2Client, lean: boolean, NextToken?: string) => {
  const command = new DescribeSecurityGroupsCommand({ MaxResults: 1000, NextToken });
  return client.send(lean ? withLeanSecurityGroupsReader(command) : command);
};

const send = (client: EC2Client, lean: boolean, NextToken?: string) => {
  const command = new DescribeInstancesCommand({ MaxResults: 1000, NextToken });
  return client.send(lean ? withLeanInstancesReader(command) : command);
};

describe("the lean readers against the SDK's own deserializer", () => {
  let fake: FakeEc2Server;
  beforeAll(async () => {
    fake = await startFakeEc2({ fleet: { ownerId: "1", regions: [] }, port: 0, maxPageSize: 300 });
  });
  afterAll(() => fake.close());

  it.each([
    ["a generated fleet with every edge case", generateFleet({ regions: ["us-east-1", "eu-west-1"], instancesPerRegion: [700, 40], seed: 5 })],
    ["the demo fleet", demoFleet()],
  ])("give the same reservations and security groups, page by page, for %s", async (_, fleet) => {
    fake.update({ fleet });
    let pages = 0;
    for (const region of fleet.regions.filter((r) => r.failure === undefined && r.optInStatus !== "not-opted-in")) {
      const client = fakeEc2ClientFactory(fake.url)(region.name, { maxAttempts: 3 });
      try {
        let token: string | undefined;
        do {
          // The fake's requestIds differ per call: compare everything else.
          const [sdk, lean] = await Promise.all([send(client, false, token), send(client, true, token)]);
          const { requestId: _sdkRequestId, ...sdkPage } = auditedPage(sdk);
          const { requestId: _leanRequestId, ...leanPage } = auditedPage(lean);
          expect(leanPage).toEqual(sdkPage);
          expect(leanPage.Reservations.length).toBeGreaterThan(0);
          token = sdk.NextToken;
          pages += 1;
        } while (token);
        do {
          const [sdk, lean] = await Promise.all([sendGroups(client, false, token), sendGroups(client, true, token)]);
          expect(auditedGroupsPage(lean)).toEqual(auditedGroupsPage(sdk));
          expect(auditedGroupsPage(lean).SecurityGroups.length).toBeGreaterThan(0);
          token = sdk.NextToken;
          pages += 1;
        } while (token);
      } finally {
        client.destroy();
      }
    }
    expect(pages).toBeGreaterThan(fleet.regions.length);
  });
});

describe("withLeanInstancesReader on hand-written bodies", () => {
  let server: Server;
  let reply: { status: number; body: string } = { status: 200, body: "" };
  let client: EC2Client;
  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on("end", () => {
        response.writeHead(reply.status, { "Content-Type": "text/xml;charset=UTF-8", Date: new Date().toUTCString() });
        response.end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    client = createEc2Client("us-east-1", { endpoint: `http://127.0.0.1:${port}`, credentials: { ...FAKE_CREDENTIALS }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it("reads a real-shaped, pretty-printed page exactly as the SDK does", async () => {
    reply = { status: 200, body: readFileSync(new URL("./testdata/describe-instances-page.xml", import.meta.url), "utf8") };
    const [sdk, lean] = [await send(client, false), await send(client, true)];
    expect(auditedPage(lean)).toEqual(auditedPage(sdk));
    expect(auditedPage(lean).Reservations[0].Instances[0].Tags).toEqual([
      { Key: "Name", Value: "web <1> & co" },
      { Key: "Owner", Value: "" },
      { Key: "cost/center", Value: "café <ops>" },
    ]);
    expect(lean.NextToken).toBe("eyJvIjoxMDAwfQ==&x");
  });

  it("reads a real-shaped security groups page exactly as the SDK does, ingress only", async () => {
    reply = { status: 200, body: readFileSync(new URL("./testdata/describe-security-groups-page.xml", import.meta.url), "utf8") };
    const [sdk, lean] = [await sendGroups(client, false), await sendGroups(client, true)];
    expect(auditedGroupsPage(lean)).toEqual(auditedGroupsPage(sdk));
    expect(lean.NextToken).toBe("tok<2>");
    const [web, empty] = lean.SecurityGroups ?? [];
    expect(web).toMatchObject({ GroupId: "sg-903004f8", GroupName: "web & ssh", VpcId: "vpc-1a2b3c4d" });
    expect(web.IpPermissions?.map(auditedPermission)).toEqual([
      { IpProtocol: "tcp", FromPort: 22, ToPort: 22, IpRanges: ["0.0.0.0/0", "10.0.0.0/8"], Ipv6Ranges: ["::/0"], PrefixListIds: [], UserIdGroupPairs: [] },
      { IpProtocol: "-1", FromPort: undefined, ToPort: undefined, IpRanges: [], Ipv6Ranges: [], PrefixListIds: ["pl-12345678"], UserIdGroupPairs: ["sg-self"] },
      { IpProtocol: "icmp", FromPort: -1, ToPort: -1, IpRanges: ["0.0.0.0/0"], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] },
    ]);
    // Egress is never exposure: not read.
    expect(web.IpPermissionsEgress).toBeUndefined();
    expect(empty.IpPermissions).toEqual([]);
  });

  it("hands a body it refuses to the SDK's deserializer unchanged", async () => {
    reply = {
      status: 200,
      body:
        `<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><reservationSet><item>` +
        `<reservationId>r-9</reservationId><instancesSet><item><instanceId>i-0abc</instanceId>` +
        `<tagSet><item><key>Name</key><value>a&nbsp;b</value></item></tagSet></item></instancesSet></item></reservationSet></DescribeInstancesResponse>`,
    };
    const [sdk, lean] = [await send(client, false), await send(client, true)];
    expect(lean.Reservations?.[0].Instances?.[0].InstanceId).toBe("i-0abc");
    expect(auditedPage(lean)).toEqual(auditedPage(sdk));
  });

  it("leaves error responses to the SDK: codes and messages as usual", async () => {
    reply = {
      status: 403,
      body: `<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>r-2</RequestID></Response>`,
    };
    await expect(send(client, true)).rejects.toMatchObject({ name: "UnauthorizedOperation", $metadata: { httpStatusCode: 403 } });
  });
});
