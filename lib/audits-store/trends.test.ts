import { describe, expect, it } from "vitest";
import type { AuditDto } from "./audit-dto";
import { scopeTrends } from "./trends";

const audit = (id: string, startedAt: string, regions: AuditDto["regionsRequested"], untagged: number, status: AuditDto["status"] = "done") =>
  ({ id, startedAt, status, findingsAvailable: status === "done", accountsRequested: ["self"], regionsRequested: regions, requiredTags: ["Owner"], summary: { untagged, openIngress: untagged + 1 } }) as AuditDto;

describe("scopeTrends", () => {
  it("gives one series per scope, one point per finished scan, oldest first; the latest scope first", () => {
    const trends = scopeTrends([
      audit("a", "2026-12-01T00:00:00Z", "all", 5),
      audit("b", "2026-12-02T00:00:00Z", ["eu-west-1"], 2),
      audit("c", "2026-12-03T00:00:00Z", "all", 3),
      audit("d", "2026-12-04T00:00:00Z", "all", 9, "failed"),
    ]);
    expect(trends.map((t) => [t.regions, t.points.map((p) => [p.auditId, p.untagged, p.openIngress])])).toEqual([
      ["all", [["a", 5, 6], ["c", 3, 4]]],
      [["eu-west-1"], [["b", 2, 3]]],
    ]);
  });
});
