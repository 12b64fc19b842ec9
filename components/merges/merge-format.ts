/** Formatting shared by the merge pages (server and client components). */

/** One colour per input, the same in the contribution bar and the inputs tables. */
export const INPUT_COLORS = ["#2563eb", "#f97316", "#16a34a", "#a855f7", "#dc2626", "#0891b2", "#ca8a04", "#db2777", "#4b5563", "#65a30d"];

export const inputColor = (k: number) => INPUT_COLORS[k % INPUT_COLORS.length];

/** A share (0..1) as a percentage; "<0.1%" for tiny non-zero shares. */
export function pct(share: number, digits = 1): string {
  if (!Number.isFinite(share)) return "—";
  if (share > 0 && share * 100 < 10 ** -digits) return `<${(10 ** -digits).toFixed(digits)}%`;
  return `${(share * 100).toFixed(digits)}%`;
}
