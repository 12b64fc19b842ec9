import type { Ref } from "react";

/** The box a flame graph's tooltip is drawn in (showTooltip fills and places it), for the SVG and the canvas alike. */
export function FlameTooltipBox({ ref }: { ref: Ref<HTMLDivElement> }) {
  return (
    <div
      ref={ref}
      role="tooltip"
      data-testid="flame-tooltip"
      className="pointer-events-none fixed z-20 hidden max-w-xl rounded-md bg-slate-900/95 px-3 py-2 text-xs text-white shadow-lg"
    />
  );
}
