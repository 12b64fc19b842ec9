/**
 * Unit handling of `go tool pprof` when it combines profiles
 * (google/pprof internal/measurement: ScaleProfiles, CommonValueType, Scale).
 * Reproduced literally, quirks included, so merged values match pprof's.
 */

/** A sample or period type with resolved strings. */
export interface ValueTypeStrings {
  type: string;
  unit: string;
}

interface Unit {
  canonicalName: string;
  aliases: string[];
  factor: number;
}

interface UnitType {
  defaultUnit: Unit;
  units: Unit[];
}

const UNIT_TYPES: UnitType[] = [
  {
    units: [
      { canonicalName: "B", aliases: ["b", "byte"], factor: 1 },
      { canonicalName: "kB", aliases: ["kb", "kbyte", "kilobyte"], factor: 2 ** 10 },
      { canonicalName: "MB", aliases: ["mb", "mbyte", "megabyte"], factor: 2 ** 20 },
      { canonicalName: "GB", aliases: ["gb", "gbyte", "gigabyte"], factor: 2 ** 30 },
      { canonicalName: "TB", aliases: ["tb", "tbyte", "terabyte"], factor: 2 ** 40 },
      { canonicalName: "PB", aliases: ["pb", "pbyte", "petabyte"], factor: 2 ** 50 },
    ],
    defaultUnit: { canonicalName: "B", aliases: ["b", "byte"], factor: 1 },
  },
  {
    units: [
      { canonicalName: "ns", aliases: ["ns", "nanosecond"], factor: 1 },
      { canonicalName: "us", aliases: ["μs", "us", "microsecond"], factor: 1e3 },
      { canonicalName: "ms", aliases: ["ms", "millisecond"], factor: 1e6 },
      { canonicalName: "s", aliases: ["s", "sec", "second"], factor: 1e9 },
      { canonicalName: "hrs", aliases: ["hour", "hr"], factor: 3.6e12 },
    ],
    defaultUnit: { canonicalName: "s", aliases: [], factor: 1e9 },
  },
  {
    units: [
      { canonicalName: "n*GCU", aliases: ["nanogcu"], factor: 1e-9 },
      { canonicalName: "u*GCU", aliases: ["microgcu"], factor: 1e-6 },
      { canonicalName: "m*GCU", aliases: ["milligcu"], factor: 1e-3 },
      { canonicalName: "GCU", aliases: ["gcu"], factor: 1 },
      { canonicalName: "k*GCU", aliases: ["kilogcu"], factor: 1e3 },
      { canonicalName: "M*GCU", aliases: ["megagcu"], factor: 1e6 },
      { canonicalName: "G*GCU", aliases: ["gigagcu"], factor: 1e9 },
      { canonicalName: "T*GCU", aliases: ["teragcu"], factor: 1e12 },
      { canonicalName: "P*GCU", aliases: ["petagcu"], factor: 1e15 },
    ],
    defaultUnit: { canonicalName: "GCU", aliases: [], factor: 1 },
  },
];

const utf8 = new TextEncoder();

/** Go's `len(s)` counts UTF-8 bytes: "μs" is 3 long and loses its "s" (a pprof quirk kept here). */
function sniffUnit(ut: UnitType, unit: string): Unit | undefined {
  let u = unit.toLowerCase();
  if (utf8.encode(u).length > 2 && u.endsWith("s")) u = u.slice(0, -1);
  return ut.units.find((x) => x.aliases.includes(u));
}

/** measurement.Scale(value, from, to), returning only the value. */
export function scaleValue(value: number, fromUnit: string, toUnit: string): number {
  if (value < 0) return -scaleValue(-value, fromUnit, toUnit);
  for (const ut of UNIT_TYPES) {
    const from = sniffUnit(ut, fromUnit);
    if (!from) continue;
    const v = value * from.factor;
    const to = sniffUnit(ut, toUnit);
    return to ? v / to.factor : v / ut.defaultUnit.factor;
  }
  return value;
}

function trimS(s: string): string {
  return s.endsWith("s") ? s.slice(0, -1) : s;
}

function compatibleValueTypes(a: ValueTypeStrings, b: ValueTypeStrings): boolean {
  if (trimS(a.type) !== trimS(b.type)) return false;
  if (a.unit === b.unit) return true;
  return UNIT_TYPES.some((ut) => sniffUnit(ut, a.unit) !== undefined && sniffUnit(ut, b.unit) !== undefined);
}

/** Go's `%v` of a decoded pprof ValueType struct (its string indices are zeroed after decoding). */
export function formatValueType(v: ValueTypeStrings): string {
  return `{${v.type} ${v.unit} 0 0}`;
}

/**
 * measurement.CommonValueType: the finest of a set of compatible types, `undefined` for
 * fewer than two types, or an error message.
 */
export function commonValueType(ts: ValueTypeStrings[]): ValueTypeStrings | undefined | { error: string } {
  if (ts.length <= 1) return undefined;
  let min = ts[0];
  for (const t of ts.slice(1)) {
    if (!compatibleValueTypes(min, t)) {
      return { error: `incompatible types: ${formatValueType(min)} ${formatValueType(t)}` };
    }
    if (scaleValue(1, t.unit, min.unit) < 1) min = t;
  }
  return { type: min.type, unit: min.unit };
}

/** Go's math.Round (half away from zero). */
export function goRound(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}
