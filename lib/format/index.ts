/** Human formatting shared by pages: sizes, durations, dates. Sample values use lib/pprof/units. */

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB"];
  let v = bytes / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatDurationNanos(nanos: number): string {
  if (nanos <= 0) return "—";
  const s = nanos / 1e9;
  if (s < 1) return `${Math.round(nanos / 1e6)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  const m = s / 60;
  if (m < 120) return `${m.toFixed(1)} min`;
  return `${(m / 60).toFixed(1)} h`;
}

/** `2026-11-23 17:40:05 UTC`: unambiguous across an SRE team's time zones. */
export function formatTimestamp(iso: string): string {
  return iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace(/Z$/, " UTC");
}

export function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}
