// The scanner's clients share one keep-alive handler: a client's destroy() leaves the connections
// to the next client (the next region, the next scan) instead of closing them.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DescribeRegionsCommand } from "@aws-sdk/client-ec2";
import { FAKE_CREDENTIALS } from "../../fakes/ec2/client-factory";
import { createEc2Client } from "./ec2-client";
import { sharedHttpHandler } from "./http-handler";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let server: Server;
let connections = 0;
let endpoint = "";

beforeAll(async () => {
  server = createServer((_request, response) => {
    _request.resume();
    _request.on("end", () =>
      response
        .writeHead(200, { "Content-Type": "text/xml" })
        .end('<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r-1</requestId><regionInfo><item><regionName>us-east-1</regionName></item></regionInfo></DescribeRegionsResponse>'),
    );
  });
  server.on("connection", () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it("keeps the connection of a destroyed client for the next client", async () => {
  const first = createEc2Client("us-east-1", { endpoint, credentials: { ...FAKE_CREDENTIALS } });
  expect((await first.send(new DescribeRegionsCommand({}))).Regions?.[0]?.RegionName).toBe("us-east-1");
  first.destroy();
  const second = createEc2Client("eu-west-1", { endpoint, credentials: { ...FAKE_CREDENTIALS } });
  expect(second.config.requestHandler).toBe(sharedHttpHandler());
  expect((await second.send(new DescribeRegionsCommand({}))).Regions?.[0]?.RegionName).toBe("us-east-1");
  second.destroy();
  expect(connections).toBe(1);
});
