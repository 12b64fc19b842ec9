"use client";

import Link from "next/link";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ScopeTrend } from "@/lib/audits-store/trends";
import { formatTimestamp } from "@/lib/format";
import { accountsLabel } from "./audit-format";
import { auditPage } from "./audit-urls";

const day = (iso: string) => new Date(iso).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const time = (iso: string) => new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
/** Dates on the axis, or times when every point is on the same day. */
const tickFormat = (points: { at: string }[]) => (new Set(points.map((p) => p.at.slice(0, 10))).size > 1 ? day : time);

function scopeTitle(trend: ScopeTrend): string {
  const regions = trend.regions === "all" ? "all enabled regions" : trend.regions.join(", ");
  return `${accountsLabel(trend.accounts)} · ${regions} · tags ${trend.requiredTags.join(", ")}`;
}

/** Untagged and open-ingress counts of each scope over time: one point per finished scan, muted findings excluded. */
export function TrendsChart({ trends }: { trends: ScopeTrend[] }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {trends.map((trend) => {
        const last = trend.points.at(-1)!;
        return (
          <figure key={trend.scope} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" data-testid="trend-chart">
            <figcaption className="mb-2 text-sm">
              <span className="font-medium">{scopeTitle(trend)}</span>
              <span className="block text-xs text-slate-500">
                {trend.points.length} scan{trend.points.length === 1 ? "" : "s"}; latest{" "}
                <Link href={auditPage(last.auditId)} className="text-blue-700 hover:underline">{formatTimestamp(last.at)}</Link>: {last.untagged} untagged, {last.openIngress} open to the internet
              </span>
            </figcaption>
            <div className="h-48" role="img" aria-label={`Trend of ${scopeTitle(trend)}: untagged ${trend.points.map((p) => p.untagged).join(", ")}; open ingress ${trend.points.map((p) => p.openIngress).join(", ")}`}>
              <ResponsiveContainer width="100%" height="100%">
                <LineChart data={trend.points} margin={{ top: 5, right: 12, bottom: 0, left: -16 }}>
                  <CartesianGrid stroke="#e2e8f0" strokeDasharray="3 3" />
                  <XAxis dataKey="at" tickFormatter={tickFormat(trend.points)} tick={{ fontSize: 11 }} minTickGap={24} />
                  <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                  <Tooltip labelFormatter={(value) => formatTimestamp(String(value))} />
                  <Legend wrapperStyle={{ fontSize: 12 }} />
                  <Line type="monotone" dataKey="untagged" name="Untagged" stroke="#b45309" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
                  <Line type="monotone" dataKey="openIngress" name="Open ingress" stroke="#b91c1c" strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </figure>
        );
      })}
    </div>
  );
}
