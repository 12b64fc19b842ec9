/**
 * The DOT text of a call graph (GET /api/profiles/:id/graph), drawn as go tool pprof draws it
 * (internal/graph/dotgraph.go): a node's font grows with its flat value, its colour with its cum;
 * an edge's width and colour with its weight, residual edges dotted, inlined calls labelled.
 */
import { formatValue } from "@/lib/pprof/units";

export type GraphNode = { id: number; name: string; flat: number; cum: number };
export type GraphEdge = { from: number; to: number; weight: number; residual: boolean; inline: boolean };
export type GraphData = {
  sampleType: string;
  unit: string;
  profileTotal: number;
  shown: number;
  nodes: GraphNode[];
  edges: GraphEdge[];
  nodesBefore: number;
  unmatched: string[];
};

/** pprof's dotColor: grey at 0, through yellow to red at 1 (green for negative scores). */
export function dotColor(score: number, background: boolean): string {
  const shift = 0.7;
  let saturation = background ? 0.1 : 1;
  const value = background ? 0.93 : 0.7;
  score = Math.max(-1, Math.min(1, score));
  if (Math.abs(score) < 0.2) saturation *= Math.abs(score) / 0.2;
  if (score > 0) score = score ** (1 - shift);
  if (score < 0) score = -((-score) ** (1 - shift));
  let r: number;
  let g: number;
  if (score < 0) {
    g = value;
    r = value * (1 + saturation * score);
  } else {
    r = value;
    g = value * (1 - saturation * score);
  }
  const b = value * (1 - saturation);
  const hex = (x: number) => Math.trunc(x * 255).toString(16).padStart(2, "0");
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

const escape = (s: string) => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"');

/** pprof's multi-line node name: the package's last element, then the name's parts. */
function nodeLabel(name: string): string {
  const [func, ...rest] = name.split(" ");
  const short = func.slice(func.lastIndexOf("/") + 1);
  const parts = short.replace(/\[\.\.\.\]/g, "[…]").split(".");
  return [...parts, ...rest.map((r) => r.slice(r.lastIndexOf("/") + 1))].map(escape).join("\\n");
}

const pct = (v: number, total: number) => (total === 0 ? "" : ` (${((100 * Math.abs(v)) / Math.abs(total)).toFixed(2)}%)`);

export function graphDot(g: GraphData): string {
  const total = g.profileTotal;
  const fmt = (v: number) => formatValue(v, g.unit);
  const maxFlat = Math.max(0, ...g.nodes.map((n) => Math.abs(n.flat)));
  const lines = ['digraph "profile" {', 'node [style=filled fillcolor="#f8f8f8" fontname="Helvetica"]', 'edge [fontname="Helvetica"]'];
  for (const n of g.nodes) {
    let label = `${nodeLabel(n.name)}\\n${n.flat !== 0 ? `${fmt(n.flat)}${pct(n.flat, total)}` : "0"}`;
    if (n.cum !== n.flat) label += `${n.flat !== 0 ? "\\n" : " "}of ${fmt(n.cum)}${pct(n.cum, total)}`;
    const fontSize = 8 + (maxFlat !== 0 && n.flat !== 0 ? Math.ceil(16 * Math.sqrt(Math.abs(n.flat) / maxFlat)) : 0);
    const score = total === 0 ? 0 : n.cum / Math.abs(total);
    lines.push(
      `N${n.id} [id="node-${n.id}" label="${label}" fontsize=${fontSize} shape=box tooltip="${escape(n.name)} (${fmt(n.cum)})" color="${dotColor(score, false)}" fillcolor="${dotColor(score, true)}"]`,
    );
  }
  const names = new Map(g.nodes.map((n) => [n.id, n.name]));
  for (const e of g.edges) {
    let attr = `label=" ${fmt(e.weight)}${e.inline ? "\\n (inline)" : ""}"`;
    if (total !== 0) {
      const weight = 1 + Math.trunc(Math.min(Math.abs((e.weight * 100) / total), 100));
      if (weight > 1) attr += ` weight=${weight}`;
      const width = 1 + Math.trunc(Math.min(Math.abs((e.weight * 5) / total), 5));
      if (width > 1) attr += ` penwidth=${width}`;
      attr += ` color="${dotColor(e.weight / Math.abs(total), false)}"`;
    }
    const tooltip = `${escape(names.get(e.from) ?? "")} ${e.residual ? "..." : "->"} ${escape(names.get(e.to) ?? "")} (${fmt(e.weight)})`;
    attr += ` tooltip="${tooltip}" labeltooltip="${tooltip}"`;
    if (e.residual) attr += ' style="dotted"';
    lines.push(`N${e.from} -> N${e.to} [${attr}]`);
  }
  lines.push("}");
  return lines.join("\n");
}
