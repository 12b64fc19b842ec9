import { describe, expect, it } from "vitest";
// @ts-expect-error: plain ESM script without types
import { clientAddress, pathDecodes, repairedPageUrl } from "./serve.mjs";

describe("scripts/serve.mjs", () => {
  it("finds paths whose percent escapes do not decode", () => {
    expect(pathDecodes("/api/profiles/%/raw")).toBe(false);
    expect(pathDecodes("/profiles/%E0%A4%A")).toBe(false);
    expect(pathDecodes("/api/profiles/abc?x=%")).toBe(true); // only the path counts
    expect(pathDecodes("/services/a%20b")).toBe(true);
  });

  it("takes a page path's undecodable segments literally, keeping the query", () => {
    expect(repairedPageUrl("/profiles/%?sampleType=cpu")).toBe("/profiles/%25?sampleType=cpu");
    expect(decodeURIComponent(repairedPageUrl("/merges/%E0%A4%A"))).toBe("/merges/%E0%A4%A");
    expect(repairedPageUrl("/services/ok%20fine/%zz")).toBe("/services/ok%20fine/%25zz");
  });

  it("trusts X-Forwarded-For only behind a configured proxy, and then its last hop", () => {
    const req = { headers: { "x-forwarded-for": "6.6.6.6, 10.0.0.7" }, socket: { remoteAddress: "10.0.0.2" } };
    expect(clientAddress(req, false)).toBe("10.0.0.2");
    expect(clientAddress(req, true)).toBe("10.0.0.7");
  });
});
