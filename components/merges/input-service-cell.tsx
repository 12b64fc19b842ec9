import { inputColor } from "./merge-format";

/** An input's service, with its colour from the contribution bar. */
export function InputServiceCell({ service, colorIndex }: { service: string; colorIndex: number }) {
  return (
    <td className="px-2 py-1.5">
      <span className="inline-flex items-center gap-2">
        <span className="h-3 w-3 shrink-0 rounded-sm" style={{ background: inputColor(colorIndex) }} aria-hidden />
        <span className="font-medium">{service}</span>
      </span>
    </td>
  );
}
