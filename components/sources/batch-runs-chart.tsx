"use client";

import Link from "next/link";
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BatchRunPoint } from "@/lib/merges/representative";
import { formatTimestamp } from "@/lib/format";

type Row = { t: number; cpuSeconds: number; representative: boolean };

const MINUTE_MS = 60_000;

/** The time axis: the runs' span, widened so that runs close together do not sit on the edges. */
function timeDomain(data: Row[]): [number, number] {
  const first = data[0]?.t ?? Date.now();
  const last = data[data.length - 1]?.t ?? first;
  const pad = Math.max((last - first) * 0.05, MINUTE_MS);
  return [first - pad, last + pad];
}

/** A run's dot: the representative one larger and violet. */
function RunDot(props: { cx?: number; cy?: number; payload?: Row }) {
  const { cx, cy, payload } = props;
  if (cx === undefined || cy === undefined) return null;
  return payload?.representative ? <circle cx={cx} cy={cy} r={7} fill="#7c3aed" stroke="#4c1d95" strokeWidth={2} /> : <circle cx={cx} cy={cy} r={3.5} fill="#2563eb" />;
}

/** A service's batch runs: total CPU per run over time, the representative run (median of the last 14) marked. */
export function BatchRunsChart({ points }: { points: BatchRunPoint[] }) {
  const data: Row[] = points.map((p) => ({ t: Date.parse(p.capturedAt), cpuSeconds: Math.round(p.totalCpuNanos / 1e6) / 1e3, representative: p.representative }));
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
              {(chosen.totalCpuNanos / 1e9).toFixed(2)} s of CPU, {formatTimestamp(chosen.capturedAt)}
            </Link>
            ).
          </>
        ) : (
          "."
        )}
      </p>
      <div className="h-56 w-full" data-testid="batch-runs-chart" role="img" aria-label={`Total CPU of ${points.length} runs over time`}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: 0 }}>
            <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="t"
              type="number"
              scale="time"
              domain={timeDomain(data)}
              tickCount={6}
              tickFormatter={(t: number) => new Date(t).toISOString().slice(5, 16).replace("T", " ")}
              fontSize={11}
            />
            <YAxis dataKey="cpuSeconds" unit=" s" fontSize={11} width={56} />
            <Tooltip labelFormatter={(t) => formatTimestamp(new Date(Number(t)).toISOString())} formatter={(v) => [`${v} s`, "total CPU"]} />
            <Line type="linear" dataKey="cpuSeconds" stroke="#93c5fd" strokeWidth={1.5} dot={<RunDot />} activeDot={{ r: 5 }} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
