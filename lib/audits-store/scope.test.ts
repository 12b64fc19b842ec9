import { describe, expect, it } from "vitest";
import type { AuditDto } from "./audit-dto";
import { previousOfSameScope, scopeKey } from "./scope";

const audit = (id: string, startedAt: string, regions: AuditDto["regionsRequested"], requiredTags: string[], findingsAvailable = true) =>
  ({ id, startedAt, regionsRequested: regions, requiredTags, findingsAvailable }) as AuditDto;

describe("scopeKey", () => {
  it("is the same for the same regions in any order and tag keys in any case", () => {
    expect(scopeKey({ regions: ["us-east-1", "eu-west-1"], requiredTags: ["Owner", "Team"] })).toBe(
      scopeKey({ regions: ["eu-west-1", "us-east-1", "eu-west-1"], requiredTags: ["team", "OWNER"] }),
    );
    expect(scopeKey({ regions: "all", requiredTags: ["Owner"] })).not.toBe(scopeKey({ regions: ["us-east-1"], requiredTags: ["Owner"] }));
    expect(scopeKey({ regions: "all", requiredTags: ["Owner"] })).not.toBe(scopeKey({ regions: "all", requiredTags: ["Owner", "Team"] }));
  });
});

describe("previousOfSameScope", () => {
  it("finds the newest older audit of the same scope that has findings", () => {
    const list = [
      audit("d", "2026-11-23T10:04:00Z", "all", ["Owner"]),
      audit("c", "2026-11-23T10:03:00Z", "all", ["Owner"], false),
      audit("b", "2026-11-23T10:02:00Z", "all", ["Owner", "Team"]),
      audit("a", "2026-11-23T10:01:00Z", "all", ["owner"]),
    ];
    expect(previousOfSameScope(list, list[0]!)?.id).toBe("a");
    expect(previousOfSameScope(list, list[3]!)).toBeUndefined();
  });
});
