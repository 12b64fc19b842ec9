import { describe, expect, it } from "vitest";
import { formatBytes, formatDurationNanos, formatTimestamp, formatCount } from "./index";

describe("human formatting", () => {
  it("formats sizes in binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(62946)).toBe("61 KiB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.0 MiB");
  });
  it("formats profile durations", () => {
    expect(formatDurationNanos(0)).toBe("—");
    expect(formatDurationNanos(250e6)).toBe("250 ms");
    expect(formatDurationNanos(30.02e9)).toBe("30.0 s");
    expect(formatDurationNanos(3.1e9)).toBe("3.10 s");
  });
  it("formats timestamps in UTC and counts with separators", () => {
    expect(formatTimestamp("2026-11-23T17:40:05.123Z")).toBe("2026-11-23 17:40:05 UTC");
    expect(formatCount(1234567)).toBe("1,234,567");
  });
});
