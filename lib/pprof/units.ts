/**
 * Human-readable sample values, in the spirit of `go tool pprof -top`: time and
 * memory auto-scaled (binary multiples for bytes, labelled kB/MB/GB as pprof
 * does), three significant digits; counts as integers with thousands separators.
 */

interface Scale {
  factor: number;
  label: string;
}

const TIME_SCALES: Scale[] = [
  { factor: 1, label: "ns" },
  { factor: 1e3, label: "µs" },
  { factor: 1e6, label: "ms" },
  { factor: 1e9, label: "s" },
  { factor: 3600e9, label: "h" },
];

const BYTE_SCALES: Scale[] = [
  { factor: 1, label: "B" },
  { factor: 2 ** 10, label: "kB" },
  { factor: 2 ** 20, label: "MB" },
  { factor: 2 ** 30, label: "GB" },
  { factor: 2 ** 40, label: "TB" },
  { factor: 2 ** 50, label: "PB" },
];

/** Base-unit factor of a time unit name ("nanoseconds", "ms", ...), in ns. */
const TIME_UNITS: Record<string, number> = {
  ns: 1, nanosecond: 1,
  us: 1e3, "µs": 1e3, "μs": 1e3, microsecond: 1e3,
  ms: 1e6, millisecond: 1e6,
  s: 1e9, sec: 1e9, second: 1e9,
  hour: 3600e9, hr: 3600e9,
};

/** Base-unit factor of a memory unit name ("bytes", "kilobytes", ...), in bytes. */
const BYTE_UNITS: Record<string, number> = {
  b: 1, byte: 1,
  kb: 2 ** 10, kilobyte: 2 ** 10,
  mb: 2 ** 20, megabyte: 2 ** 20,
  gb: 2 ** 30, gigabyte: 2 ** 30,
};

const COUNT_UNITS = new Set(["", "count", "counts", "sample", "samples", "unit", "units", "event", "events"]);

/** pprof's unit sniffing: lower case, and a plural "s" dropped from names longer than two letters. */
function normaliseUnit(unit: string): string {
  const lower = unit.toLowerCase();
  return lower.length > 2 && lower.endsWith("s") ? lower.slice(0, -1) : lower;
}

function threeDigits(v: number): string {
  if (v >= 100) return String(Math.round(v));
  return String(Number(v.toPrecision(3)));
}

function scaled(base: number, scales: Scale[]): string {
  let pick = scales[0];
  for (const s of scales) if (base >= s.factor) pick = s;
  let text = threeDigits(base / pick.factor);
  // Rounding can reach the next unit (999.6ms -> "1000ms"): step up.
  const next = scales[scales.indexOf(pick) + 1];
  if (next && Number(text) * pick.factor >= next.factor) text = threeDigits(base / next.factor) + next.label;
  else text += pick.label;
  return text;
}

const integerFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** Formats `value` measured in `unit` (a pprof sample type unit) for people. */
export function formatValue(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return "0";
  const sign = value < 0 ? "-" : "";
  const magnitude = Math.abs(value);
  const key = normaliseUnit(unit);
  const timeFactor = TIME_UNITS[key] ?? TIME_UNITS[unit];
  if (timeFactor !== undefined) return sign + scaled(magnitude * timeFactor, TIME_SCALES);
  const byteFactor = BYTE_UNITS[key];
  if (byteFactor !== undefined) return sign + scaled(magnitude * byteFactor, BYTE_SCALES);
  const number = Number.isInteger(magnitude) ? integerFormat.format(magnitude) : decimalFormat.format(magnitude);
  if (COUNT_UNITS.has(unit.toLowerCase())) return sign + number;
  return `${sign}${number} ${unit}`;
}
