import { describe, expect, it } from "vitest";
import { coversAllPorts, CRITICAL_PORT_RANGES, criticalPortsIn, normalizeProtocol, severityOf } from "./severity";

describe("severityOf", () => {
  it("is critical for every protocol (-1), whatever the ports", () => {
    expect(severityOf("-1")).toBe("critical");
    expect(severityOf("-1", undefined, undefined)).toBe("critical");
    expect(severityOf("all", null, null)).toBe("critical");
  });

  it("is critical for TCP/UDP ranges covering every port", () => {
    expect(severityOf("tcp", 0, 65535)).toBe("critical");
    expect(severityOf("udp", 1, 65535)).toBe("critical");
    expect(severityOf("tcp", undefined, undefined)).toBe("critical");
  });

  it.each([22, 23, 3389, 3306, 5432, 1433, 1434, 1521, 2483, 6379, 11211, 27017, 27018, 9200, 9300, 5601, 9092, 7199, 9160, 8888])(
    "is critical for TCP and UDP port %i",
    (port) => {
      expect(severityOf("tcp", port, port)).toBe("critical");
      expect(severityOf("udp", port, port)).toBe("critical");
    },
  );

  it("is critical when a range includes a critical port (inclusive bounds)", () => {
    expect(severityOf("tcp", 3300, 3310)).toBe("critical"); // 3306
    expect(severityOf("tcp", 20, 22)).toBe("critical"); // upper bound
    expect(severityOf("tcp", 22, 25)).toBe("critical"); // lower bound
    expect(severityOf("tcp", 1430, 1433)).toBe("critical");
    expect(severityOf("tcp", 1434, 1440)).toBe("critical");
    expect(severityOf("tcp", 27018, 27100)).toBe("critical");
    expect(severityOf("tcp", 8000, 9000)).toBe("critical"); // 8888
  });

  it("is high for other TCP/UDP ports, next to but outside critical ones", () => {
    expect(severityOf("tcp", 443, 443)).toBe("high");
    expect(severityOf("tcp", 80, 80)).toBe("high");
    expect(severityOf("udp", 1194, 1194)).toBe("high");
    expect(severityOf("tcp", 24, 1432)).toBe("high");
    expect(severityOf("tcp", 1435, 1520)).toBe("high");
    expect(severityOf("tcp", 27019, 27020)).toBe("high");
    expect(severityOf("tcp", 3307, 3388)).toBe("high");
    expect(severityOf("tcp", 21, 21)).toBe("high");
  });

  it("accepts a reversed range", () => {
    expect(severityOf("tcp", 3400, 3000)).toBe("critical");
  });

  it("is info for ICMP and ICMPv6 (by name or number), even for all types", () => {
    expect(severityOf("icmp", -1, -1)).toBe("info");
    expect(severityOf("icmpv6", -1, -1)).toBe("info");
    expect(severityOf("1", 8, 0)).toBe("info");
    expect(severityOf("58", -1, -1)).toBe("info");
  });

  it("reads protocol numbers 6 and 17 as TCP and UDP", () => {
    expect(severityOf("6", 22, 22)).toBe("critical");
    expect(severityOf("17", 53, 53)).toBe("high");
  });

  it("is high for IP protocols without ports (GRE 47, ESP 50)", () => {
    expect(severityOf("47")).toBe("high");
    expect(severityOf("50", null, null)).toBe("high");
  });
});

describe("port helpers", () => {
  it("normalizes protocol names", () => {
    expect(normalizeProtocol("TCP")).toBe("tcp");
    expect(normalizeProtocol(undefined)).toBe("-1");
    expect(normalizeProtocol("17")).toBe("udp");
  });

  it("lists the critical ports inside a range", () => {
    expect(criticalPortsIn(3000, 3400)).toEqual([3306, 3389]);
    expect(criticalPortsIn(1433, 1434)).toEqual([1433, 1434]);
    expect(criticalPortsIn(443, 443)).toEqual([]);
    expect(criticalPortsIn(null, null)).toHaveLength(
      CRITICAL_PORT_RANGES.reduce((n, [from, to]) => n + to - from + 1, 0),
    );
  });

  it("knows what covers every port", () => {
    expect(coversAllPorts(0, 65535)).toBe(true);
    expect(coversAllPorts(-1, -1)).toBe(true);
    expect(coversAllPorts(1, 65534)).toBe(false);
  });
});
