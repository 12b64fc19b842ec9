import { goPackage } from "@/lib/pprof/go-package";

/** FNV-1a over UTF-16 code units: stable across sessions and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const cache = new Map<string, string>();

/** A warm pastel per Go package: every frame of one package has the same colour, on every page. */
export function packageColor(name: string): string {
  const pkg = goPackage(name);
  let color = cache.get(pkg);
  if (color === undefined) {
    if (pkg === "") color = "hsl(30 8% 80%)";
    else {
      const h = hash(pkg);
      // Hues from red through orange to yellow-green, like classic flame graphs, spread by the hash.
      const hue = (h % 100) - 10;
      const saturation = 60 + ((h >>> 8) % 25);
      const lightness = 62 + ((h >>> 16) % 14);
      color = `hsl(${(hue + 360) % 360} ${saturation}% ${lightness}%)`;
    }
    cache.set(pkg, color);
  }
  return color;
}

/** Colour of search and table highlights. */
export const HIGHLIGHT_COLOR = "#c026d3";

/**
 * Differential colour: red where the frame grew, blue where it shrank, by the
 * change relative to the larger of the two (normalised) values; grey when equal.
 */
export function diffColor(delta: number, base: number, target: number): string {
  const larger = Math.max(Math.abs(base), Math.abs(target));
  const relative = larger === 0 ? 0 : Math.max(-1, Math.min(1, delta / larger));
  if (Math.abs(relative) < 0.005) return "rgb(224,224,224)";
  // From the grey of "no change" to a red or blue still light enough for the black labels.
  const strength = 0.15 + 0.85 * Math.abs(relative);
  const mix = (from: number, to: number) => Math.round(from + (to - from) * strength);
  return relative > 0 ? `rgb(${mix(224, 240)},${mix(224, 72)},${mix(224, 72)})` : `rgb(${mix(224, 82)},${mix(224, 140)},${mix(224, 246)})`;
}
