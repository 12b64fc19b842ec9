import { describe, expect, it } from "vitest";
import { compareScans } from "../../lib/audit/compare";
import { clearRegionCache } from "../../lib/audit/region-list";
import { scanFleet } from "../../lib/audit/scanner";
import { fakeEc2ClientFactory } from "./client-factory";
import { demoFleet, DEMO_DENIED_REGION } from "./demo-fleet";
import { startFakeEc2 } from "./server";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

describe("the demo fleet", () => {
  it("scans with one denied region, skips the region not opted in, and drifts into new, resolved and unchanged findings", async () => {
    const fake = await startFakeEc2({ fleet: demoFleet(), port: 0 });
    try {
      const scan = () => {
        clearRegionCache();
        return scanFleet({ regions: "all", requiredTags: ["Owner"], homeRegion: "us-east-1", clientFactory: fakeEc2ClientFactory(fake.url, { retryDelayMs: 1 }) });
      };
      const before = await scan();
      expect(before.regions.map((r) => r.region)).not.toContain("af-south-1");
      expect(before.regions.filter((r) => r.status === "error").map((r) => [r.region, r.error?.code])).toEqual([[DEMO_DENIED_REGION, "UnauthorizedOperation"]]);
      expect(before.summary.instances).toBe(1200 + 420 + 260 + 150 + 90 + 60 + 30);

      fake.update({ fleet: demoFleet({ drift: true }) });
      const after = await scan();
      const diff = compareScans(before, after);
      expect(diff.new.length).toBeGreaterThan(0);
      expect(diff.resolved.length).toBeGreaterThan(0);
      expect(diff.unchanged.length).toBeGreaterThan(diff.new.length);
      expect(diff.unknown).toEqual([]);
      expect(diff.new.some((d) => d.kind === "open-ingress" && d.finding.region === "us-west-2" && d.permission.fromPort === 22)).toBe(true);
      expect(diff.resolved.some((d) => d.kind === "untagged" && d.finding.region === "eu-west-1")).toBe(true);
    } finally {
      await fake.close();
    }
  });
});
