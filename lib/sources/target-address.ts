/**
 * Which admin URLs a source may fetch. Checked when a source is saved (its URLs) and before each
 * fetch of an address ECS returned: credentials in a URL and schemes other than http/https are
 * refused, and so are link-local addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254: where the
 * instance metadata service answers) unless the source explicitly allows them.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";

export class TargetRefused extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = "TargetRefused";
  }
}

/** The host of a URL without IPv6 brackets. */
function bareHost(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
}

function ipv4Octets(host: string): number[] | null {
  if (isIP(host) !== 4) return null;
  return host.split(".").map(Number);
}

/** The 16-bit groups of an IPv6 address (with :: expanded and a dotted tail folded in). */
function ipv6Groups(host: string): number[] | null {
  if (isIP(host) !== 6) return null;
  let text = host;
  const dotted = text.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const o = dotted[1]!.split(".").map(Number);
    text = text.slice(0, -dotted[1]!.length) + `${((o[0]! << 8) | o[1]!).toString(16)}:${((o[2]! << 8) | o[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const left = head ? head.split(":") : [];
  const right = tail === undefined ? [] : tail ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = [...left, ...Array(tail === undefined ? 0 : missing).fill("0"), ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 ? groups : null;
}

/** True for an address in 169.254.0.0/16, fe80::/10, fd00:ec2::254, or an IPv4-mapped 169.254.x.y. */
export function isLinkLocal(host: string): boolean {
  const v4 = ipv4Octets(host);
  if (v4) return v4[0] === 169 && v4[1] === 254;
  const g = ipv6Groups(host);
  if (!g) return false;
  if ((g[0]! & 0xffc0) === 0xfe80) return true;
  const ec2Metadata = [0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254];
  if (g.every((v, i) => v === ec2Metadata[i])) return true;
  const mapped = g.slice(0, 5).every((v) => v === 0) && g[5] === 0xffff;
  return mapped && g[6] === 0xa9fe;
}

/**
 * Parses and checks an admin base URL (`http://10.0.1.12:6060`); returns it without a trailing
 * slash. Throws TargetRefused with the reason.
 */
export function checkTargetUrl(raw: string, allowLinkLocal: boolean): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new TargetRefused(`"${raw.slice(0, 200)}" is not a URL: give the admin base URL, e.g. http://10.0.1.12:6060`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetRefused(`${raw.slice(0, 200)}: only http and https URLs can be collected from (not ${url.protocol.replace(/:$/, "")})`);
  }
  if (url.username || url.password) {
    throw new TargetRefused(`${url.protocol}//${url.host}: a URL with credentials in it is refused (user:password@ would be stored and sent); admin ports take no credentials`);
  }
  if (url.search || url.hash) {
    throw new TargetRefused(`${url.origin}: give the base URL only, without ?query or #fragment (Fleetscope adds /debug/pprof/profile?seconds=N)`);
  }
  if (!allowLinkLocal && isLinkLocal(bareHost(url))) {
    throw new TargetRefused(
      `${url.host} is a link-local address (169.254.0.0/16, fe80::/10, fd00:ec2::254), where the instance metadata service answers: refused unless the source allows link-local addresses (allowLinkLocal: true)`,
    );
  }
  return url.toString().replace(/\/+$/, "");
}

/** The profile URL of a base URL: `{base}/debug/pprof/profile?seconds=N`. */
export function profileUrl(base: string, seconds: number): string {
  return `${base.replace(/\/+$/, "")}/debug/pprof/profile?seconds=${seconds}`;
}

/**
 * At fetch time: a host name whose addresses include a link-local one is refused too (a name saved
 * as harmless can be pointed at the metadata service later). Returns the reason, or null.
 */
export async function linkLocalResolution(
  base: string,
  resolve: (host: string) => Promise<{ address: string }[]> = (host) => lookup(host, { all: true }),
): Promise<string | null> {
  const host = bareHost(new URL(base));
  if (isIP(host)) return null;
  const addresses = await resolve(host).catch(() => []);
  const bad = addresses.find((a) => isLinkLocal(a.address));
  return bad ? `${host} resolves to ${bad.address}, a link-local address (the instance metadata service): refused unless the source allows link-local addresses` : null;
}
