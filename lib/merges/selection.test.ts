import { describe, expect, it } from "vitest";
import { mergeRequestSchema, previewKey, selectionFromQuery, selectionFromRequest, selectionKey, selectionQuery, weightMode } from "./selection";

describe("merge selections", () => {
  it("reads a POST body with defaults: weights 1, labels dropped, full file, no guard", () => {
    const s = selectionFromRequest(mergeRequestSchema.parse({ profileIds: ["a", "b"] }));
    expect(s).toEqual({ profileIds: ["a", "b"], weights: {}, equalise: false, options: { dropLabels: true, minimal: false, guardHazards: false } });
    expect(weightMode(s)).toBe("unit");
  });

  it("round-trips through the query string the preview endpoints take", () => {
    const s = selectionFromRequest(mergeRequestSchema.parse({ profileIds: ["a", "b"], weights: { b: 2.5 }, minimal: true, guardHazards: true, dropLabels: false }));
    const q = selectionQuery(s);
    expect(q).toBe("profileId=a&profileId=b&weight=b%3A2.5&dropLabels=0&minimal=1&guardHazards=1");
    expect(selectionFromQuery(new URLSearchParams(q))).toEqual(s);
    expect(weightMode(s)).toBe("custom");
  });

  it("refuses empty, repeated or badly weighted selections with a message naming the field", () => {
    const issues = (body: unknown) => mergeRequestSchema.safeParse(body).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(issues({ profileIds: [] })).toEqual(["profileIds: profileIds is empty: pick at least one profile"]);
    expect(issues({ profileIds: ["a", "a"] })).toEqual(["profileIds: profile a is listed twice"]);
    expect(issues({ profileIds: ["a"], weights: { a: 0 } })[0]).toContain("positive");
    expect(issues({ profileIds: ["a"], weights: { b: 2 } })[0]).toContain("not in profileIds");
    expect(issues({ profileIds: ["a"], weights: { a: 2 }, equalise: true })[0]).toContain("either weights or equalise");
    expect(() => selectionFromQuery(new URLSearchParams("profileId=a&weight=a"))).toThrow(/ID:NUMBER/);
    expect(() => selectionFromQuery(new URLSearchParams("profileId=a&minimal=maybe"))).toThrow(/must be 1 or 0/);
  });

  it("keys previews by inputs, weights and guard only; files by every option", () => {
    const base = selectionFromRequest(mergeRequestSchema.parse({ profileIds: ["a", "b"] }));
    const minimal = { ...base, options: { ...base.options, minimal: true } };
    expect(previewKey(minimal)).toBe(previewKey(base));
    expect(selectionKey(minimal)).not.toBe(selectionKey(base));
    expect(previewKey({ ...base, profileIds: ["b", "a"] })).not.toBe(previewKey(base));
    expect(previewKey({ ...base, weights: { a: 1 } })).toBe(previewKey(base));
  });
});
