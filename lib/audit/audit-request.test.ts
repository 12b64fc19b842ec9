import { describe, expect, it } from "vitest";
import { auditRequestSchema } from "./audit-request";

describe("auditRequestSchema", () => {
  it("defaults to every region and no required tags", () => {
    expect(auditRequestSchema.parse({})).toEqual({ regions: "all", requiredTags: [] });
  });

  it("accepts region lists and trims tag keys", () => {
    expect(auditRequestSchema.parse({ regions: ["eu-west-1", "us-gov-west-1"], requiredTags: [" Owner "] })).toEqual({
      regions: ["eu-west-1", "us-gov-west-1"],
      requiredTags: ["Owner"],
    });
  });

  it.each([{ regions: [] }, { regions: ["EU-WEST-1"] }, { regions: "some" }, { requiredTags: [""] }, { requiredTags: "Owner" }])(
    "rejects %j",
    (body) => {
      expect(auditRequestSchema.safeParse(body).success).toBe(false);
    },
  );
});
