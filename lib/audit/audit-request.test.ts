import { describe, expect, it } from "vitest";
import { auditRequestSchema } from "./audit-request";

describe("auditRequestSchema", () => {
  it("defaults to every region and the Owner tag", () => {
    expect(auditRequestSchema.parse({})).toEqual({ accounts: ["self"], regions: "all", requiredTags: ["Owner"] });
    expect(auditRequestSchema.parse({ requiredTags: [] })).toEqual({ accounts: ["self"], regions: "all", requiredTags: ["Owner"] });
  });

  it("accepts region lists and trims tag keys", () => {
    expect(auditRequestSchema.parse({ regions: ["eu-west-1", "us-gov-west-1"], requiredTags: [" Owner "] })).toEqual({
      accounts: ["self"],
      regions: ["eu-west-1", "us-gov-west-1"],
      requiredTags: ["Owner"],
    });
  });

  it("counts a region or a tag key given twice once (keys case-insensitively, first spelling kept)", () => {
    expect(auditRequestSchema.parse({ regions: ["eu-west-1", "eu-west-1"], requiredTags: ["Owner", "owner", "Team"] })).toEqual({
      accounts: ["self"],
      regions: ["eu-west-1"],
      requiredTags: ["Owner", "Team"],
    });
  });

  it("takes accounts: \"all\" or ids (\"self\" the server's own credentials), each once", () => {
    expect(auditRequestSchema.parse({ accounts: "all" }).accounts).toBe("all");
    expect(auditRequestSchema.parse({ accounts: ["123456789012", "self", "123456789012"] }).accounts).toEqual(["123456789012", "self"]);
    expect(auditRequestSchema.safeParse({ accounts: ["1234"] }).error?.issues[0]?.message).toMatch(/12 digits/);
    expect(auditRequestSchema.safeParse({ accounts: [] }).error?.issues[0]?.message).toMatch(/at least one account/);
  });

  it("takes up to 6 required tag keys", () => {
    const six = ["a", "b", "c", "d", "e", "f"];
    expect(auditRequestSchema.parse({ requiredTags: six }).requiredTags).toEqual(six);
    const error = auditRequestSchema.safeParse({ requiredTags: [...six, "g"] }).error;
    expect(error?.issues[0]?.message).toBe("up to 6 required tag keys");
  });

  it.each([{ regions: [] }, { regions: ["EU-WEST-1"] }, { regions: "some" }, { requiredTags: [""] }, { requiredTags: "Owner" }])(
    "rejects %j",
    (body) => {
      expect(auditRequestSchema.safeParse(body).success).toBe(false);
    },
  );
});
