/**
 * pprof's unit arithmetic (internal/measurement): the units it knows, scaling a value from one
 * unit to another, and the label it prints for a value (ScaledLabel). Tag filters with numeric
 * ranges (`bytes=1kb:`) and the labels report use it, so that they agree with go tool pprof.
 */

interface Unit {
  name: string;
  aliases: string[];
  factor: number;
}

interface UnitType {
  defaultUnit: Unit;
  units: Unit[];
}

const unit = (name: string, aliases: string[], factor: number): Unit => ({ name, aliases, factor });

const BYTES: UnitType = {
  units: [
    unit("B", ["b", "byte"], 1),
    unit("kB", ["kb", "kbyte", "kilobyte"], 2 ** 10),
    unit("MB", ["mb", "mbyte", "megabyte"], 2 ** 20),
    unit("GB", ["gb", "gbyte", "gigabyte"], 2 ** 30),
    unit("TB", ["tb", "tbyte", "terabyte"], 2 ** 40),
    unit("PB", ["pb", "pbyte", "petabyte"], 2 ** 50),
  ],
  defaultUnit: unit("B", ["b", "byte"], 1),
};

const TIME: UnitType = {
  units: [
    unit("ns", ["ns", "nanosecond"], 1),
    unit("us", ["μs", "us", "microsecond"], 1e3),
    unit("ms", ["ms", "millisecond"], 1e6),
    unit("s", ["s", "sec", "second"], 1e9),
    unit("hrs", ["hour", "hr"], 3600e9),
  ],
  defaultUnit: unit("s", [], 1e9),
};

const GCU_PREFIXES: [string, string, number][] = [
  ["n*", "nano", 1e-9],
  ["u*", "micro", 1e-6],
  ["m*", "milli", 1e-3],
  ["", "", 1],
  ["k*", "kilo", 1e3],
  ["M*", "mega", 1e6],
  ["G*", "giga", 1e9],
  ["T*", "tera", 1e12],
  ["P*", "peta", 1e15],
];

const GCU: UnitType = {
  units: GCU_PREFIXES.map(([short, long, factor]) => unit(`${short}GCU`, [`${long}gcu`], factor)),
  defaultUnit: unit("GCU", [], 1),
};

const UNIT_TYPES = [BYTES, TIME, GCU];

function sniffUnit(type: UnitType, name: string): Unit | undefined {
  let alias = name.toLowerCase();
  if (alias.length > 2 && alias.endsWith("s")) alias = alias.slice(0, -1);
  return type.units.find((u) => u.aliases.includes(alias));
}

function autoScale(type: UnitType, value: number): [number, string] | undefined {
  let factor = 0;
  let name = "";
  for (const u of type.units) {
    if (u.factor >= factor && value / u.factor >= 1) {
      factor = u.factor;
      name = u.name;
    }
  }
  return factor === 0 ? undefined : [value / factor, name];
}

function convertUnit(type: UnitType, value: number, from: string, to: string): [number, string] | undefined {
  const fromUnit = sniffUnit(type, from);
  if (!fromUnit) return undefined;
  const v = value * fromUnit.factor;
  if (to === "minimum" || to === "auto") return autoScale(type, v) ?? [v / type.defaultUnit.factor, type.defaultUnit.name];
  const toUnit = sniffUnit(type, to) ?? type.defaultUnit;
  return [v / toUnit.factor, toUnit.name];
}

/** measurement.Scale: `value` in `from` expressed in `to` ("minimum"/"auto": the best unit), and that unit's name. */
export function scale(value: number, from: string, to: string): [number, string] {
  if (value < 0) {
    const [v, u] = scale(-value, from, to);
    return [-v, u];
  }
  for (const type of UNIT_TYPES) {
    const converted = convertUnit(type, value, from, to);
    if (converted) return converted;
  }
  return ["count", "sample", "unit", "minimum", "auto"].includes(to) ? [value, ""] : [value, to];
}

/** Go's %.2f (exact halves round to even, where toFixed rounds them up), trailing ".00" trimmed. */
function twoDecimals(v: number): string {
  let text = v.toFixed(2);
  const digits = Math.abs(v).toFixed(20);
  const tail = digits.slice(digits.indexOf(".") + 3);
  if (/^50*$/.test(tail) && Number(digits[digits.indexOf(".") + 2]) % 2 === 0) {
    // A tie, and the digit kept is even: round down.
    text = (Math.sign(v) * (Math.abs(Math.trunc(Math.abs(v) * 100)) / 100)).toFixed(2);
  }
  return text.replace(/\.00$/, "");
}

/** measurement.ScaledLabel: the text pprof prints for `value` (in `from`) in the output unit `to`. */
export function scaledLabel(value: number, from: string, to: string): string {
  const [v, u] = scale(value, from, to);
  const text = twoDecimals(v);
  return text === "0" || text === "-0" ? "0" : text + u;
}
