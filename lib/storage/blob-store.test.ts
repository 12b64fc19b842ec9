import { describe, expect, it } from "vitest";
import { assertValidBlobKey, blobKeyFor } from "./blob-store";

const HEX = "ab" + "0123456789abcdef".repeat(3) + "0123456789abcd";

describe("blobKeyFor", () => {
  it("builds a content-addressed key", () => {
    expect(HEX).toHaveLength(64);
    expect(blobKeyFor(HEX)).toBe(`sha256/ab/${HEX}`);
  });

  it.each([
    ["uppercase", HEX.toUpperCase()],
    ["too short", HEX.slice(1)],
    ["too long", HEX + "0"],
    ["non-hex", "g" + HEX.slice(1)],
    ["path tricks", "../" + HEX.slice(3)],
    ["empty", ""],
  ])("rejects %s", (_label, value) => {
    expect(() => blobKeyFor(value)).toThrow(TypeError);
  });
});

describe("assertValidBlobKey", () => {
  it("accepts nested relative keys", () => {
    expect(() => assertValidBlobKey(blobKeyFor(HEX))).not.toThrow();
    expect(() => assertValidBlobKey("a")).not.toThrow();
  });

  it.each(["", "/abs", "a/../b", "..", "./a", "a//b", "a/", "a\0b", "a\\b", "C:x", "x".repeat(1025)])(
    "rejects %j",
    (key) => {
      expect(() => assertValidBlobKey(key)).toThrow(TypeError);
    },
  );
});
