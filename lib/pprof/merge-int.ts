/**
 * 64-bit integer helpers for merging. pprof-format hands out varints below 2^28 as
 * number and larger ones as bigint; negative int64 values arrive as their unsigned
 * two's-complement bigint. Values are kept as JS numbers (exact up to 2^53);
 * addresses and header fields stay exact through bigint when they need to.
 */
import type { Numeric } from "./numbers";

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A signed int64 field (sample value, line, start line) as a number. */
export function int64(v: Numeric | undefined): number {
  if (v === undefined) return 0;
  if (typeof v === "number") return v;
  return Number(BigInt.asIntN(64, v));
}

/** A signed int64 field as an exact bigint. */
export function bigInt64(v: Numeric | undefined): bigint {
  if (v === undefined) return 0n;
  return BigInt.asIntN(64, typeof v === "bigint" ? v : BigInt(v));
}

/** An unsigned 64-bit value in canonical form: number when it is a safe integer, else bigint. */
export function canonU64(v: bigint): Numeric {
  const u = BigInt.asUintN(64, v);
  return u <= MAX_SAFE ? Number(u) : u;
}

function isSafeU(v: Numeric): v is number {
  return typeof v === "number" && v >= 0 && v <= Number.MAX_SAFE_INTEGER;
}

/** (a + b) mod 2^64, canonical. `b` may be a signed offset. */
export function addU64(a: Numeric, b: Numeric): Numeric {
  if (isSafeU(a) && typeof b === "number") {
    const r = a + b;
    if (r >= 0 && r <= Number.MAX_SAFE_INTEGER) return r;
  }
  return canonU64(BigInt(a) + BigInt(b));
}

/** (a - b) mod 2^64, canonical. */
export function subU64(a: Numeric, b: Numeric): Numeric {
  if (isSafeU(a) && isSafeU(b) && a >= b) return a - b;
  return canonU64(BigInt(a) - BigInt(b));
}

/** Signed difference a - b as int64 (Go: int64(a) - int64(b)), number when safe. */
export function signedDiff(a: Numeric, b: Numeric): Numeric {
  if (isSafeU(a) && isSafeU(b)) return a - b;
  const d = BigInt.asIntN(64, BigInt(a) - BigInt(b));
  return d >= -MAX_SAFE && d <= MAX_SAFE ? Number(d) : d;
}
