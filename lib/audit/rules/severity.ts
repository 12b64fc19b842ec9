/**
 * Severity of an internet-open ingress rule, after Prowler:
 * - critical: every port (protocol -1, or a TCP/UDP range covering 1-65535), remote administration
 *   (SSH 22, Telnet 23, RDP 3389) or a database/cache/search port in the range;
 * - high: any other TCP/UDP range, and IP protocols other than TCP/UDP/ICMP (GRE, ESP, SCTP...),
 *   which have no ports to judge by;
 * - info: ICMP and ICMPv6 (ping, path-MTU discovery): reported, not a finding by itself.
 */
export type Severity = "critical" | "high" | "info";

export const SEVERITY_ORDER: readonly Severity[] = ["critical", "high", "info"];

/** Remote administration, then database, cache and search ports; ranges are inclusive. */
export const CRITICAL_PORT_RANGES: readonly (readonly [number, number])[] = [
  [22, 22], // SSH
  [23, 23], // Telnet
  [3389, 3389], // RDP
  [3306, 3306], // MySQL
  [5432, 5432], // PostgreSQL
  [1433, 1434], // SQL Server
  [1521, 1521], // Oracle
  [2483, 2483], // Oracle TCPS
  [6379, 6379], // Redis
  [11211, 11211], // Memcached
  [27017, 27018], // MongoDB
  [9200, 9200], // Elasticsearch
  [9300, 9300], // Elasticsearch transport
  [5601, 5601], // Kibana
  [9092, 9092], // Kafka
  [7199, 7199], // Cassandra JMX
  [9160, 9160], // Cassandra Thrift
  [8888, 8888], // Cassandra OpsCenter
];

const PROTOCOL_NUMBERS: Record<string, string> = { "6": "tcp", "17": "udp", "1": "icmp", "58": "icmpv6" };

/** EC2 returns names for TCP/UDP/ICMP/ICMPv6 but accepts numbers: fold both to the name. */
export function normalizeProtocol(protocol: string | undefined): string {
  const lower = (protocol ?? "-1").trim().toLowerCase();
  if (lower === "all") return "-1";
  return PROTOCOL_NUMBERS[lower] ?? lower;
}

export function isIcmp(protocol: string | undefined): boolean {
  const name = normalizeProtocol(protocol);
  return name === "icmp" || name === "icmpv6";
}

/** True when [fromPort, toPort] (inclusive, either order; absent or -1 = every port) covers every port. */
export function coversAllPorts(fromPort: number | null | undefined, toPort: number | null | undefined): boolean {
  const [low, high] = portBounds(fromPort, toPort);
  return low <= 1 && high >= 65535;
}

function portBounds(fromPort: number | null | undefined, toPort: number | null | undefined): [number, number] {
  if (fromPort == null || toPort == null || fromPort === -1 || toPort === -1) return [0, 65535];
  return fromPort <= toPort ? [fromPort, toPort] : [toPort, fromPort];
}

/** The critical ports a range includes, e.g. [3306] for 3000-3400. */
export function criticalPortsIn(fromPort: number | null | undefined, toPort: number | null | undefined): number[] {
  const [low, high] = portBounds(fromPort, toPort);
  const ports: number[] = [];
  for (const [start, end] of CRITICAL_PORT_RANGES) {
    for (let port = Math.max(start, low); port <= Math.min(end, high); port++) ports.push(port);
  }
  return ports.sort((a, b) => a - b);
}

export function severityOf(
  protocol: string | undefined,
  fromPort?: number | null,
  toPort?: number | null,
): Severity {
  const name = normalizeProtocol(protocol);
  if (name === "-1") return "critical";
  if (name === "icmp" || name === "icmpv6") return "info";
  if (name !== "tcp" && name !== "udp") return "high";
  if (coversAllPorts(fromPort, toPort)) return "critical";
  return criticalPortsIn(fromPort, toPort).length > 0 ? "critical" : "high";
}
