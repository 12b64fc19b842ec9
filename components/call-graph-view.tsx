"use client";

import { useEffect, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { formatValue } from "@/lib/pprof/units";
import { EmptyState } from "./empty-state";
import { fetchJson, percent } from "./fetch-json";
import { graphDot, type GraphData } from "./call-graph-dot";

type Viz = { renderSVGElement(dot: string): SVGSVGElement };
let vizInstance: Promise<Viz> | undefined;
/** Graphviz compiled to WebAssembly, loaded on first use (the page does not carry it otherwise). */
const loadViz = () => (vizInstance ??= import("@viz-js/viz").then((m) => m.instance() as Promise<Viz>));

/**
 * The call graph (go tool pprof -dot's nodes and edges, laid out by Graphviz): a click on a node
 * focuses every view on it (pprof's focus).
 */
export function CallGraphView({ url, onFocusNode }: { url: string; onFocusNode: (name: string) => void }) {
  const graph = useQuery({ queryKey: ["graph", url], queryFn: ({ signal }) => fetchJson<GraphData>(url, signal), staleTime: Infinity });
  const holder = useRef<HTMLDivElement>(null);
  const [drawError, setDrawError] = useState<string | null>(null);
  const [drawing, setDrawing] = useState(false);
  const data = graph.data;

  useEffect(() => {
    const host = holder.current;
    if (!data || !host || data.nodes.length === 0) return;
    let cancelled = false;
    setDrawing(true);
    setDrawError(null);
    loadViz()
      .then((viz) => {
        if (cancelled) return;
        const svg = viz.renderSVGElement(graphDot(data));
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-label", `Call graph of ${data.sampleType}: ${data.nodes.length} nodes`);
        svg.style.maxWidth = "100%";
        svg.style.height = "auto";
        host.replaceChildren(svg);
      })
      .catch((err: unknown) => !cancelled && setDrawError(err instanceof Error ? err.message : String(err)))
      .finally(() => !cancelled && setDrawing(false));
    return () => {
      cancelled = true;
    };
  }, [data]);

  const byId = new Map(data?.nodes.map((n) => [`node-${n.id}`, n.name]));
  const onClick = (e: React.MouseEvent) => {
    const node = (e.target as Element).closest("g.node");
    const name = node ? byId.get(node.id) : undefined;
    if (name) onFocusNode(name);
  };

  if (graph.isError) {
    return (
      <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
        Could not load the call graph: {graph.error.message}
      </p>
    );
  }
  if (!data) return <p className="text-sm text-slate-500">Loading call graph…</p>;
  if (data.nodes.length === 0) {
    return <EmptyState title="No call graph">No sample (through the filters) has a value of {data.sampleType}.</EmptyState>;
  }
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-700" data-testid="graph-status">
        As <span className="font-mono">go tool pprof -dot</span>: {data.nodes.length} of {data.nodesBefore} nodes, accounting for{" "}
        {formatValue(data.shown, data.unit)} ({percent(data.shown, data.profileTotal)}) of {formatValue(data.profileTotal, data.unit)}. Font size by flat,
        colour by cum; dotted edges skip nodes left out. Click a node to focus on it.
        {drawing ? <span className="text-slate-500"> Laying out…</span> : null}
      </p>
      {drawError ? (
        <p role="alert" className="rounded border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          Could not lay out the call graph: {drawError}
        </p>
      ) : null}
      <div
        ref={holder}
        onClick={onClick}
        data-testid="call-graph"
        className="overflow-auto rounded-lg border border-slate-200 bg-white p-2 shadow-sm [&_g.node]:cursor-pointer"
      />
    </div>
  );
}
