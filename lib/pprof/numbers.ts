/** pprof-format returns varints of 2^28 and more as bigint and smaller ones as number. */
export type Numeric = number | bigint;

/** Normalise a pprof-format numeric to a JS number (exact up to 2^53). */
export function toNumber(value: Numeric | undefined | null): number {
  if (value === undefined || value === null) return 0;
  return typeof value === "bigint" ? Number(value) : value;
}
