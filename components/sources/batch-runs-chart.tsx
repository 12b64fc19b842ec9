"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { BatchRunPoint } from "@/lib/merges/representative";

const HEIGHT = 220;

function chartData(points: BatchRunPoint[]): uPlot.AlignedData {
  const x = points.map((p) => new Date(p.capturedAt).getTime() / 1000);
  const cpu = points.map((p) => p.totalCpuNanos / 1e9);
  const representative = points.map((p) => (p.representative ? p.totalCpuNanos / 1e9 : null));
  return [x, cpu, representative];
}

function options(width: number): uPlot.Options {
  return {
    width,
    height: HEIGHT,
    scales: { x: { time: true } },
    axes: [{}, { label: "total CPU (s)", values: (_u, ticks) => ticks.map((t) => t.toFixed(2)) }],
    series: [
      {},
      { label: "run", stroke: "#2563eb", width: 1, points: { show: true, size: 7, fill: "#2563eb" } },
      { label: "representative", stroke: "transparent", points: { show: true, size: 12, fill: "#7c3aed", stroke: "#4c1d95" } },
    ],
  };
}

/** A service's batch runs: total CPU per run over time, the representative run (median of the last 14) marked. */
export function BatchRunsChart({ points }: { points: BatchRunPoint[] }) {
  const holder = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const plot = new uPlot(options(el.clientWidth || 800), chartData(points), el);
    const resize = new ResizeObserver(() => plot.setSize({ width: el.clientWidth, height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [points]);
  const chosen = points.find((p) => p.representative);
  return (
    <section aria-labelledby="batch-runs-heading" className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
      <h2 id="batch-runs-heading" className="text-base font-semibold">
        Batch runs
      </h2>
      <p className="text-sm text-slate-600">
        Total CPU of each run. Merge a run that processed a typical amount of data: the representative one has the median total CPU of the last 14
        {chosen ? (
          <>
            {" "}
            (
            <Link href={`/profiles/${chosen.profileId}`} className="text-blue-700 hover:underline" data-testid="representative-run">
              {(chosen.totalCpuNanos / 1e9).toFixed(2)} s, {new Date(chosen.capturedAt).toLocaleString()}
            </Link>
            ).
          </>
        ) : (
          "."
        )}
      </p>
      <div ref={holder} role="img" aria-label={`Total CPU of ${points.length} runs over time`} data-testid="batch-runs-chart" />
    </section>
  );
}
