import { describe, expect, it } from "vitest";
import { diffColor, packageColor } from "./flame-colors";

describe("packageColor", () => {
  it("gives every function of a package the same colour and other packages other colours", () => {
    expect(packageColor("runtime.mallocgc")).toBe(packageColor("runtime.gcBgMarkWorker"));
    expect(packageColor("crypto/sha256.block")).toBe(packageColor("crypto/sha256.(*digest).Write"));
    const colours = new Set(["runtime.a", "main.a", "sort.a", "fmt.a", "crypto/sha256.a", "net/http.a"].map(packageColor));
    expect(colours.size).toBeGreaterThanOrEqual(5);
  });

  it("is a valid CSS hsl() colour", () => {
    expect(packageColor("main.main")).toMatch(/^hsl\(\d+ \d+% \d+%\)$/);
  });
});

describe("diffColor", () => {
  it("is red for growth, blue for shrinkage and grey for no change", () => {
    expect(diffColor(50, 50, 100)).toMatch(/^rgb\(235,/);
    expect(diffColor(-50, 100, 50)).toMatch(/,235\)$/);
    expect(diffColor(0, 10, 10)).toBe("rgb(224,224,224)");
  });

  it("is strongest for frames only one profile has", () => {
    expect(diffColor(10, 0, 10)).toBe("rgb(235,0,0)");
    expect(diffColor(-10, 10, 0)).toBe("rgb(0,0,235)");
  });
});
