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
    const [r1, g1, b1] = diffColor(50, 50, 100).match(/\d+/g)!.map(Number);
    expect(r1).toBeGreaterThan(g1 + 60);
    expect(g1).toBe(b1);
    const [r2, , b2] = diffColor(-50, 100, 50).match(/\d+/g)!.map(Number);
    expect(b2).toBeGreaterThan(r2 + 60);
    expect(diffColor(0, 10, 10)).toBe("rgb(224,224,224)");
  });

  it("is strongest for frames only one profile has", () => {
    expect(diffColor(10, 0, 10)).toBe("rgb(240,72,72)");
    expect(diffColor(-10, 10, 0)).toBe("rgb(82,140,246)");
  });
});
