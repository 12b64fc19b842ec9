import { describe, expect, it } from "vitest";
import { missingTags, nameTagOf } from "./missing-tags";

const tags = (record: Record<string, string>) => Object.entries(record).map(([Key, Value]) => ({ Key, Value }));

describe("missingTags", () => {
  it("reports nothing when every required key has a value", () => {
    expect(missingTags(tags({ Owner: "a", Environment: "prod" }), ["Owner", "Environment"])).toEqual([]);
  });

  it("reports every key when there are no tags (undefined or empty list)", () => {
    expect(missingTags(undefined, ["Owner", "Environment"])).toEqual(["Owner", "Environment"]);
    expect(missingTags([], ["Owner"])).toEqual(["Owner"]);
  });

  it("matches keys case-insensitively", () => {
    expect(missingTags(tags({ owner: "alice" }), ["Owner"])).toEqual([]);
    expect(missingTags(tags({ OWNER: "alice" }), ["owner"])).toEqual([]);
  });

  it("counts an empty or blank value as missing", () => {
    expect(missingTags(tags({ Owner: "" }), ["Owner"])).toEqual(["Owner"]);
    expect(missingTags(tags({ Owner: "   " }), ["Owner"])).toEqual(["Owner"]);
    expect(missingTags([{ Key: "Owner" }], ["Owner"])).toEqual(["Owner"]);
  });

  it("is satisfied when one of two case variants has a value", () => {
    expect(missingTags(tags({ Owner: "", owner: "bob" }), ["Owner"])).toEqual([]);
  });

  it("keeps the requested order and spelling and reports case duplicates once", () => {
    expect(missingTags(tags({ Name: "x" }), ["CostCenter", "Owner", "owner", "Name"])).toEqual(["CostCenter", "Owner"]);
  });

  it("requires nothing when no keys are asked for", () => {
    expect(missingTags(undefined, [])).toEqual([]);
  });

  it("ignores tags without a key", () => {
    expect(missingTags([{ Value: "x" }], ["Owner"])).toEqual(["Owner"]);
  });
});

describe("nameTagOf", () => {
  it("prefers the exact Name key, then any case, else null", () => {
    expect(nameTagOf(tags({ name: "lower", Name: "exact" }))).toBe("exact");
    expect(nameTagOf(tags({ NAME: "upper" }))).toBe("upper");
    expect(nameTagOf(tags({ Name: "" }))).toBeNull();
    expect(nameTagOf(undefined)).toBeNull();
  });
});
