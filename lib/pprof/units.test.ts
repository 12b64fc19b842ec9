import { describe, expect, it } from "vitest";
import { formatValue } from "./units";

describe("formatValue", () => {
  it("scales nanoseconds to the largest fitting time unit with three significant digits", () => {
    expect(formatValue(1_234_567_890, "nanoseconds")).toBe("1.23s");
    expect(formatValue(45_600_000, "nanoseconds")).toBe("45.6ms");
    expect(formatValue(12_000, "nanoseconds")).toBe("12µs");
    expect(formatValue(999, "nanoseconds")).toBe("999ns");
    expect(formatValue(10_000_000, "nanoseconds")).toBe("10ms");
    expect(formatValue(134_000_000_000, "nanoseconds")).toBe("134s");
    expect(formatValue(7200e9, "nanoseconds")).toBe("2h");
  });

  it("steps up a unit when rounding reaches it", () => {
    expect(formatValue(999_600_000, "nanoseconds")).toBe("1s");
    expect(formatValue(1023.7 * 1024, "bytes")).toBe("1MB");
  });

  it("scales bytes by 1024 with pprof's kB/MB/GB labels", () => {
    expect(formatValue(1.5 * 1024 * 1024, "bytes")).toBe("1.5MB");
    expect(formatValue(524_298, "bytes")).toBe("512kB");
    expect(formatValue(512, "bytes")).toBe("512B");
    expect(formatValue(3 * 2 ** 30, "bytes")).toBe("3GB");
  });

  it("understands other spellings of time and memory units", () => {
    expect(formatValue(1500, "ms")).toBe("1.5s");
    expect(formatValue(2, "seconds")).toBe("2s");
    expect(formatValue(2048, "kilobytes")).toBe("2MB");
  });

  it("prints counts as integers with thousands separators", () => {
    expect(formatValue(1_234_567, "count")).toBe("1,234,567");
    expect(formatValue(42, "")).toBe("42");
  });

  it("appends unknown units to the number", () => {
    expect(formatValue(3, "goroutines")).toBe("3 goroutines");
  });

  it("prints zero as 0 and keeps the sign of negative values", () => {
    expect(formatValue(0, "nanoseconds")).toBe("0");
    expect(formatValue(-1_500_000, "nanoseconds")).toBe("-1.5ms");
    expect(formatValue(-2000, "count")).toBe("-2,000");
  });
});
