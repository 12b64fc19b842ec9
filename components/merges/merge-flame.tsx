"use client";

import { useCallback, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { RotateCcw } from "lucide-react";
import { formatValue } from "@/lib/pprof/units";
import { fetchJson, percent } from "../fetch-json";
import { packageColor } from "../flame-colors";
import { FlameGraph, type FlameFrame, type FlameGraphNode } from "../flame-graph";

type FlameData = FlameGraphNode & { sampleType: string; unit: string; total: number; folded: { value: number; frames: number } };

/** The flame graph of a merge (the viewer's FlameGraph), loaded from `url`. */
export function MergeFlame({ url, enabled = true, label }: { url: string; enabled?: boolean; label: string }) {
  const [resetToken, setResetToken] = useState(0);
  const [zoomed, setZoomed] = useState(false);
  const flame = useQuery({
    queryKey: ["merge-flame", url],
    queryFn: ({ signal }) => fetchJson<FlameData>(url, signal),
    staleTime: Infinity,
    retry: false,
    enabled,
  });
  const data = flame.data;
  const unit = data?.unit ?? "";
  const total = data?.total ?? 0;
  const tooltip = useCallback(
    (node: FlameFrame) => [node.name, `${formatValue(node.value, unit)} · ${percent(node.value, total)} of ${data?.sampleType ?? "total"}`],
    [unit, total, data?.sampleType],
  );
  const color = useCallback((node: FlameFrame) => packageColor(node.name), []);

  if (flame.isError) {
    return (
      <p role="alert" className="text-sm text-red-700">
        The flame graph could not be loaded: {flame.error.message}
      </p>
    );
  }
  if (!data) {
    return (
      <div className="flex h-40 items-center justify-center rounded-md bg-slate-50 text-sm text-slate-500" aria-busy="true" data-testid="merge-flame-loading">
        {enabled ? "Drawing the merged flame graph…" : "The flame graph follows the preview."}
      </div>
    );
  }
  return (
    <div className="space-y-2" data-testid="merge-flame">
      <div className="flex items-center justify-between gap-3 text-xs text-slate-500">
        <span>
          {data.sampleType} ({data.unit}), total {formatValue(total, unit)}. Click a frame to zoom.
          {data.folded.frames > 0 ? ` Frames under 0.05% of the total are folded into their callers.` : ""}
        </span>
        <button
          type="button"
          onClick={() => setResetToken((n) => n + 1)}
          disabled={!zoomed}
          className="inline-flex items-center gap-1 rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-700 hover:bg-slate-50 disabled:opacity-40"
        >
          <RotateCcw className="h-3.5 w-3.5" aria-hidden /> Reset zoom
        </button>
      </div>
      <div className="flame-graph-host">
        <FlameGraph
          tree={data}
          label={label}
          rootAtTop
          search={null}
          resetToken={resetToken}
          color={color}
          tooltip={tooltip}
          onZoomChange={(path) => setZoomed(path !== null)}
        />
      </div>
    </div>
  );
}
