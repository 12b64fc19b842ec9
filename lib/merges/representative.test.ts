import { describe, expect, it } from "vitest";
import { medianRun } from "./representative";

describe("the median run", () => {
  it("is the middle run by value, the lower middle of an even count, and the earlier of equal ones", () => {
    const runs = (values: number[]) => values.map((v, i) => ({ id: `r${i}`, v }));
    expect(medianRun(runs([5, 1, 9, 3, 7]), (r) => r.v)?.id).toBe("r0");
    expect(medianRun(runs([4, 2, 8, 6]), (r) => r.v)?.id).toBe("r0");
    expect(medianRun(runs([3, 3]), (r) => r.v)?.id).toBe("r0");
    expect(medianRun(runs([]), (r) => r.v)).toBeUndefined();
  });
});
