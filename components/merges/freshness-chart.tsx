"use client";

import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ServiceTrend } from "@/lib/pgo-check/trend";
import { formatTimestamp } from "@/lib/format";

const COLORS = ["#2563eb", "#db2777", "#059669", "#d97706", "#7c3aed", "#0891b2", "#dc2626", "#4b5563"];

type Row = { t: number } & Record<string, number | null>;

/** One row per capture time; each service's hot share (in %) where it has a profile at that time (profiles Go cannot use have none). */
function rows(services: ServiceTrend[]): Row[] {
  const byTime = new Map<number, Row>();
  for (const s of services) {
    for (const p of s.points) {
      if (p.hotShare === null) continue;
      const t = Date.parse(p.capturedAt);
      const row = byTime.get(t) ?? ({ t } as Row);
      row[s.service] = Math.round(p.hotShare * 1000) / 10;
      byTime.set(t, row);
    }
  }
  return [...byTime.values()].sort((a, b) => a.t - b.t);
}

const HOUR_MS = 3_600_000;

/** The time axis: the profiles' span, widened so that profiles captured close together do not sit on the edges. */
function timeDomain(data: Row[]): [number, number] {
  const first = data[0]?.t ?? Date.now();
  const last = data[data.length - 1]?.t ?? first;
  const pad = Math.max((last - first) * 0.05, HOUR_MS / 2);
  return [first - pad, last + pad];
}

/** How much of each service's own hot path the committed file keeps hot, profile by profile. */
export function FreshnessChart({ services, min }: { services: ServiceTrend[]; min: number }) {
  const data = rows(services);
  return (
    <figure className="rounded-lg border border-slate-200 bg-white p-3" aria-label="Hot share of the committed default.pgo over time, per service">
      <div className="h-64 w-full" data-testid="freshness-chart">
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
            <YAxis domain={[0, 100]} unit="%" fontSize={11} width={48} />
            <Tooltip labelFormatter={(t) => formatTimestamp(new Date(Number(t)).toISOString())} formatter={(v) => `${v}%`} />
            <Legend />
            <ReferenceLine y={min * 100} stroke="#d97706" strokeDasharray="6 3" label={{ value: `refresh below ${Math.round(min * 100)}%`, position: "insideBottomRight", fontSize: 11, fill: "#b45309" }} />
            {services.map((s, i) => (
              <Line key={s.service} type="monotone" dataKey={s.service} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot={{ r: 3 }} connectNulls isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="mt-1 text-xs text-slate-500">
        Each point is one profile of the service: the share of its own hot call-site weight (Go&apos;s 99% rule on that profile alone) that is hot in the committed file.
      </figcaption>
    </figure>
  );
}
