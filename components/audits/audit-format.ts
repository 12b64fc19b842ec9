/** How audits show their values: port ranges, durations, region and audit states. */
import type { OpenIngressPermission } from "@/lib/audit/rules/open-ingress";
import type { AuditRegion, AuditStatus } from "@/lib/audits-store/audit-dto";

/** "all traffic", "all ports", "22", "3000–3400", ICMP "all types" or "type 8". */
export function formatPorts(p: Pick<OpenIngressPermission, "protocol" | "fromPort" | "toPort">): string {
  if (p.protocol === "-1") return "all traffic";
  if (p.fromPort === null) return "all ports";
  if (p.protocol === "icmp" || p.protocol === "icmpv6") return p.fromPort === -1 ? "all types" : `type ${p.fromPort}`;
  if (p.fromPort === p.toPort || p.toPort === null) return String(p.fromPort);
  if (p.fromPort === 0 && p.toPort === 65535) return "0–65535 (all)";
  return `${p.fromPort}–${p.toPort}`;
}

/** "all" for protocol -1, the name otherwise. */
export function formatProtocol(protocol: string): string {
  return protocol === "-1" ? "all" : protocol;
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** A region's status as shown: "unfinished" is a region still queued or scanning when its audit ended (stopped, interrupted). */
export type RegionDisplayStatus = AuditRegion["status"] | "unfinished";

export const REGION_STATUS_LABEL: Record<RegionDisplayStatus, string> = {
  queued: "queued",
  scanning: "scanning",
  ok: "done",
  error: "error",
  unfinished: "not finished",
};

export const AUDIT_STATUS_LABEL: Record<AuditStatus, string> = {
  running: "running",
  done: "done",
  failed: "failed",
  interrupted: "interrupted",
  stopped: "stopped",
};

/** The accounts a scan asked for, in words: "all accounts", "own credentials", or their names (ids when they have none). */
export function accountsLabel(accounts: "all" | string[], names: Readonly<Record<string, string>> = {}): string {
  if (accounts === "all") return "all accounts";
  return accounts.map((a) => (a === "self" ? "own credentials" : (names[a] ?? a))).join(", ");
}

/** Account id → name (lib/audits-store/audit-dto.ts accountNamesOf). */
export type AccountNames = Readonly<Record<string, string>>;

/** An account in words: its name when it has one, "own credentials" for the server's own, else its id. */
export const accountLabel = (account: string, names: AccountNames = {}): string => (account === "self" ? "own credentials" : (names[account] ?? account));

/** An account in a filter's options: "name (id)". */
export const accountOption = (account: string, names: AccountNames = {}): string => (names[account] ? `${names[account]} (${account})` : accountLabel(account));
