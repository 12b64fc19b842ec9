import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { instanceIdsIfPaged, instancesPageFromXml, XmlReadError } from "./instances-page-xml";

/** A pretty-printed page the way EC2 writes one, with many fields the audit does not read. */
const REAL_SHAPED = readFileSync(new URL("./testdata/describe-instances-page.xml", import.meta.url), "utf8");

describe("instancesPageFromXml", () => {
  it("reads what the audit uses from a real-shaped page and skips the rest", () => {
    const page = instancesPageFromXml(REAL_SHAPED);
    expect(page.NextToken).toBe("eyJvIjoxMDAwfQ==&x");
    expect(page.requestId).toBe("8f7724cf-496f-496e-8fe3-example");
    expect(page.Reservations).toHaveLength(1);
    const [reservation] = page.Reservations;
    expect(reservation).toMatchObject({ ReservationId: "r-1234567890abcdef0", OwnerId: "123456789012" });
    const [first, second] = reservation.Instances ?? [];
    expect(first).toEqual({
      InstanceId: "i-0598c7d356eba48d7",
      InstanceType: "t2.micro",
      State: { Code: 16, Name: "running" },
      SecurityGroups: [{ GroupId: "sg-0b0384b66d7d692f9", GroupName: "launch-wizard & friends" }],
      Tags: [
        { Key: "Name", Value: "web <1> & co" },
        { Key: "Owner", Value: "" },
        { Key: "cost/center", Value: "café <ops>" },
      ],
      NetworkInterfaces: [
        {
          NetworkInterfaceId: "eni-0598c7d356eba48d7",
          Groups: [
            { GroupId: "sg-0b0384b66d7d692f9", GroupName: "launch-wizard & friends" },
            { GroupId: "sg-eni-only", GroupName: "eni" },
          ],
        },
      ],
    });
    expect(second).toEqual({
      InstanceId: "i-1a2b3c4d",
      State: { Code: 80, Name: "stopped" },
      SecurityGroups: [],
      NetworkInterfaces: [],
    });
    expect(second.Tags).toBeUndefined();
  });

  it("reads the last page (no nextToken) and an empty one", () => {
    const empty = instancesPageFromXml(
      `<DescribeInstancesResponse xmlns="x"><requestId>r</requestId><reservationSet/></DescribeInstancesResponse>`,
    );
    expect(empty).toEqual({ Reservations: [], requestId: "r" });
    const blankToken = instancesPageFromXml(`<DescribeInstancesResponse><reservationSet></reservationSet><nextToken/></DescribeInstancesResponse>`);
    expect(blankToken.NextToken).toBeUndefined();
  });

  it.each([
    ["another response", `<DescribeSecurityGroupsResponse></DescribeSecurityGroupsResponse>`, /root element/],
    ["an error document", `<Response><Errors><Error><Code>AuthFailure</Code></Error></Errors></Response>`, /root element/],
    ["a truncated body", REAL_SHAPED.slice(0, 2000), /unclosed/],
    ["mismatched tags", `<DescribeInstancesResponse><reservationSet></nextToken></DescribeInstancesResponse>`, /mismatched/],
    ["an unknown entity", `<DescribeInstancesResponse><nextToken>a&nbsp;b</nextToken></DescribeInstancesResponse>`, /unknown entity/],
    ["an element inside a text field", `<DescribeInstancesResponse><nextToken>a<b/></nextToken></DescribeInstancesResponse>`, /inside a text field/],
    ["a DOCTYPE", `<!DOCTYPE x [<!ENTITY a "b">]><DescribeInstancesResponse/>`, /DOCTYPE/],
    ["no root", `   `, /no root/],
  ])("refuses %s with XmlReadError", (_, xml, message) => {
    expect(() => instancesPageFromXml(xml)).toThrow(XmlReadError);
    expect(() => instancesPageFromXml(xml)).toThrow(message);
  });
});

describe("instanceIdsIfPaged", () => {
  it("gives the ids and the nextToken of a page that has a next one, without reading the instances", () => {
    expect(instanceIdsIfPaged(REAL_SHAPED)).toEqual({
      Reservations: [{ Instances: [{ InstanceId: "i-0598c7d356eba48d7" }, { InstanceId: "i-1a2b3c4d" }] }],
      NextToken: "eyJvIjoxMDAwfQ==&x",
      requestId: "8f7724cf-496f-496e-8fe3-example",
    });
  });

  it("leaves a last page, or a nextToken that is not at the end, to the full reader", () => {
    const last = REAL_SHAPED.replace(/<nextToken>.*<\/nextToken>/, "");
    expect(instanceIdsIfPaged(last)).toBeUndefined();
    expect(instancesPageFromXml(last).NextToken).toBeUndefined();
    const tokenFirst = `<DescribeInstancesResponse><nextToken>t</nextToken><reservationSet/></DescribeInstancesResponse>`;
    expect(instanceIdsIfPaged(tokenFirst)).toBeUndefined();
    expect(instancesPageFromXml(tokenFirst).NextToken).toBe("t");
  });
});
