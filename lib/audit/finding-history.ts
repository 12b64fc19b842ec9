import { findingKey, placeKey } from "./compare";
import type { OpenIngressPermission } from "./rules/open-ingress";
import type { OpenIngressFinding, UntaggedFinding } from "./scan-types";

/**
 * Whether a finding is new since the previous scan of the same scope:
 * - "new": the previous scan read its account and region and did not have it;
 * - "seen": the latest scan that read its account and region had it too;
 * - "unknown": no earlier scan read its account and region (a region that failed in the previous
 *   scan, an account added since, the first scan of a scope): neither new nor known.
 */
export type Newness = "new" | "seen" | "unknown";

/** When a finding was first seen in its current run of scans, and whether it is new. */
export interface SeenFields {
  /** The start of the first scan of the same scope, in its current run, that had it (ISO). */
  firstSeenAt: string;
  isNew: boolean;
  newness: Newness;
}

export type SeenUntagged = UntaggedFinding & SeenFields;
export type SeenPermission = OpenIngressPermission & SeenFields;
/** An open-ingress finding: each rule has its own first-seen time; the finding's are its earliest rule's and "any rule is new". */
export type SeenOpenIngress = Omit<OpenIngressFinding, "permissions"> & SeenFields & { permissions: SeenPermission[] };

/** What the history of a scope holds of one earlier scan. */
export interface EarlierScan {
  startedAt: string;
  /** Its account/region rows; only "ok" ones count as read. */
  regions: readonly { account?: string; region: string; status: string }[];
  untagged: readonly (UntaggedFinding & Partial<SeenFields>)[];
  openIngress: readonly (Omit<OpenIngressFinding, "permissions"> & { permissions: (OpenIngressPermission & Partial<SeenFields>)[] })[];
}

/** One earlier scan, indexed: which places it read, and each finding key's first-seen time. */
class IndexedScan {
  readonly okPlaces: Set<string>;
  readonly firstSeen = new Map<string, string>();
  constructor(readonly scan: EarlierScan) {
    this.okPlaces = new Set(scan.regions.filter((r) => r.status === "ok").map((r) => placeKey(r.account, r.region)));
    for (const f of scan.untagged) this.firstSeen.set(findingKey("untagged", f), f.firstSeenAt ?? scan.startedAt);
    for (const f of scan.openIngress) {
      for (const p of f.permissions) this.firstSeen.set(findingKey("open-ingress", f, p), p.firstSeenAt ?? scan.startedAt);
    }
  }
}

/**
 * Loads earlier scans of the scope newest first, only as far back as needed: until every place
 * (account/region) of the current scan is covered by a scan that read it, or `maxScans`.
 */
export async function loadHistory(
  places: readonly string[],
  earlier: AsyncIterable<EarlierScan> | Iterable<EarlierScan>,
  maxScans = 10,
): Promise<EarlierScan[]> {
  const open = new Set(places);
  const loaded: EarlierScan[] = [];
  for await (const scan of earlier) {
    if (open.size === 0 || loaded.length >= maxScans) break;
    loaded.push(scan);
    for (const r of scan.regions) if (r.status === "ok") open.delete(placeKey(r.account, r.region));
  }
  return loaded;
}

function seen(key: string, place: string, history: readonly IndexedScan[], startedAt: string): SeenFields {
  const index = history.findIndex((scan) => scan.okPlaces.has(place));
  if (index === -1) return { firstSeenAt: startedAt, isNew: false, newness: "unknown" };
  const earlier = history[index]!.firstSeen.get(key);
  if (earlier !== undefined) return { firstSeenAt: earlier, isNew: false, newness: "seen" };
  const newness: Newness = index === 0 ? "new" : "unknown";
  return { firstSeenAt: startedAt, isNew: newness === "new", newness };
}

/**
 * Stamps each finding of the scan that started at `startedAt` with its first-seen time and
 * newness, from the earlier scans of the same scope (newest first, as loadHistory gives them).
 * A finding that disappeared from a scan that read its region, then came back, is seen anew.
 */
export function stampFirstSeen(
  current: { startedAt: string; untagged: readonly UntaggedFinding[]; openIngress: readonly OpenIngressFinding[] },
  earlier: readonly EarlierScan[],
): { untagged: SeenUntagged[]; openIngress: SeenOpenIngress[] } {
  const history = earlier.map((scan) => new IndexedScan(scan));
  const untagged = current.untagged.map((f) => ({ ...f, ...seen(findingKey("untagged", f), placeKey(f.account, f.region), history, current.startedAt) }));
  const openIngress = current.openIngress.map((f) => {
    const place = placeKey(f.account, f.region);
    const permissions = f.permissions.map((p) => ({ ...p, ...seen(findingKey("open-ingress", f, p), place, history, current.startedAt) }));
    return { ...f, permissions, ...summarizeSeen(permissions, current.startedAt) };
  });
  return { untagged, openIngress };
}

/** A finding's fields from its rules': the earliest first-seen, new when any rule is new. */
export function summarizeSeen(permissions: readonly SeenFields[], fallback: string): SeenFields {
  const firstSeenAt = permissions.reduce((min, p) => (p.firstSeenAt < min ? p.firstSeenAt : min), permissions[0]?.firstSeenAt ?? fallback);
  const isNew = permissions.some((p) => p.isNew);
  const newness: Newness = isNew ? "new" : permissions.every((p) => p.newness === "unknown") ? "unknown" : "seen";
  return { firstSeenAt, isNew, newness };
}
