import { toNumber, type Numeric } from "./numbers";

/**
 * Maps pprof ids (location, function or mapping ids) to dense indexes 0..n-1.
 * Dense id spaces (the usual 1..n) use an Int32Array table; sparse ones a Map.
 */
export interface IdLookup {
  /** Dense index of `id`, or -1 when no entry has that id. */
  get(id: number): number;
  /** Ids given more than once (the first occurrence wins). */
  readonly duplicates: number[];
}

const MAX_TABLE_SLACK = 4;

export function buildIdLookup(ids: readonly Numeric[]): IdLookup {
  const n = ids.length;
  let maxId = 0;
  let allSmallInts = true;
  for (let i = 0; i < n; i++) {
    const id = toNumber(ids[i]);
    if (!Number.isInteger(id) || id < 0) allSmallInts = false;
    else if (id > maxId) maxId = id;
  }
  const duplicates: number[] = [];
  if (allSmallInts && maxId <= MAX_TABLE_SLACK * n + 1024) {
    const table = new Int32Array(maxId + 1).fill(-1);
    for (let i = 0; i < n; i++) {
      const id = toNumber(ids[i]);
      if (table[id] === -1) table[id] = i;
      else duplicates.push(id);
    }
    return {
      get: (id) => (id >= 0 && id <= maxId ? table[id] : -1),
      duplicates,
    };
  }
  const map = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const id = toNumber(ids[i]);
    if (map.has(id)) duplicates.push(id);
    else map.set(id, i);
  }
  return { get: (id) => map.get(id) ?? -1, duplicates };
}
