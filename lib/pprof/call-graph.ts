/**
 * The call graph as `go tool pprof -dot` builds it (internal/report newTrimmedGraph over
 * internal/graph): nodes with flat and cum, caller -> callee edges weighted once per sample,
 * edges marked inline (within one location) and residual (over nodes left out); then pprof's
 * trimming with its defaults: nodes under nodefraction (0.005) of the total dropped, the top
 * nodecount (80) kept by pprof's entropy score (a node's label tags count towards the 80, as in
 * pprof), edges under edgefraction (0.001) dropped and residual edges that another path makes
 * redundant removed.
 */
import type { FilteredSamples } from "./filters";
import { locationFrames, type Granularity } from "./granularity";
import { GraphTags, stackTagsOf } from "./graph-tags";
import { walkGraph, walkTags, type WalkInput } from "./graph-walk";
import type { ProfileTable } from "./profile-table";

export interface GraphOptions {
  nodeCount: number;
  nodeFraction: number;
  edgeFraction: number;
  /** The unit numeric tags are printed in (pprof's -unit; they group by their printed value). */
  outputUnit: string;
}

export const DEFAULT_GRAPH_OPTIONS: GraphOptions = { nodeCount: 80, nodeFraction: 0.005, edgeFraction: 0.001, outputUnit: "minimum" };

export interface GraphNode {
  id: number;
  name: string;
  flat: number;
  cum: number;
}

export interface GraphEdge {
  from: number;
  to: number;
  weight: number;
  /** The edge goes over nodes that were left out (pprof draws it dotted). */
  residual: boolean;
  /** Every call along it was inlined (pprof labels it "(inline)"). */
  inline: boolean;
}

export interface CallGraph {
  /** Sum of the flat values of every node before trimming (pprof's "Showing nodes accounting for" is over `nodes`). */
  total: number;
  /** Nodes in pprof's order (entropy score), as its N1, N2, ... */
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** Nodes of the untrimmed graph, and the nodes and edges dropped. */
  nodesBefore: number;
  droppedNodes: number;
  droppedEdges: number;
}

const MAX_NODELETS = 4;

interface Node {
  id: number;
  flat: number;
  cum: number;
  in: Map<Node, Edge>;
  out: Map<Node, Edge>;
}

interface Edge {
  src: Node;
  dest: Node;
  weight: number;
  residual: boolean;
  inline: boolean;
}

interface Graph {
  nodes: Node[];
  /** The kept nodes it was built over (undefined: all). */
  kept: Uint8Array | undefined;
}

/**
 * newGraph: the graph of the samples over the kept nodes (all when `kept` is undefined). The
 * sample groups of one stack meet the same nodes and edges: each stack is walked once with their
 * summed weight (graph-walk.ts), their label tags added beside it.
 */
function newGraph(input: WalkInput, kept: number[] | undefined, withEdges = true): Graph {
  let mask: Uint8Array | undefined;
  if (kept) {
    mask = new Uint8Array(input.nameCount);
    for (const id of kept) mask[id] = 1;
  }
  const w = walkGraph(input, mask, withEdges);
  const byId: (Node | undefined)[] = new Array(input.nameCount);
  const node = (id: number) => (byId[id] ??= { id, flat: w.flat[id], cum: w.cum[id], in: new Map(), out: new Map() });
  for (let id = 0; id < input.nameCount; id++) if (w.flat[id] !== 0 || w.cum[id] !== 0) node(id);
  for (let e = 0; e < w.edgeCount; e++) {
    const src = node(w.edgeSrc[e]);
    const dest = node(w.edgeDest[e]);
    const edge: Edge = { src, dest, weight: w.edgeWeight[e], residual: w.edgeResidual[e] === 1, inline: w.edgeInline[e] === 1 };
    src.out.set(dest, edge);
    dest.in.set(src, edge);
  }
  return { nodes: byId.filter((n): n is Node => n !== undefined && (n.cum !== 0 || n.flat !== 0)), kept: mask };
}

function edgeEntropyScore(edges: Map<Node, Edge>, self: number): number {
  let score = 0;
  let total = self;
  for (const e of edges.values()) if (e.weight > 0) total += Math.abs(e.weight);
  if (total !== 0) {
    for (const e of edges.values()) {
      const frac = Math.abs(e.weight) / total;
      score += -frac * Math.log2(frac);
    }
    if (self > 0) {
      const frac = Math.abs(self) / total;
      score += -frac * Math.log2(frac);
    }
  }
  return score;
}

function entropyScore(n: Node): number {
  let score = 0;
  score += n.in.size === 0 ? 1 : edgeEntropyScore(n.in, 0);
  score += n.out.size === 0 ? 1 : edgeEntropyScore(n.out, n.flat);
  return Math.trunc(score * n.cum) + n.flat;
}

/** Sorts by pprof's EntropyOrder: score, then name, then flat. */
function sortByEntropy(nodes: Node[], names: string[]): Node[] {
  const score = new Map(nodes.map((n) => [n, entropyScore(n)]));
  return nodes.sort((a, b) => {
    const sa = Math.abs(score.get(a)!);
    const sb = Math.abs(score.get(b)!);
    if (sa !== sb) return sb - sa;
    const na = names[a.id];
    const nb = names[b.id];
    if (na !== nb) return na < nb ? -1 : 1;
    return Math.abs(b.flat) - Math.abs(a.flat) || a.id - b.id;
  });
}

/** The label tags of the first `count` nodes (all selectTopNodes can look at), under `cutoff` trimmed. */
function topTags(input: WalkInput, g: Graph, count: number, cutoff: number): GraphTags {
  const wanted = g.nodes.slice(0, count).map((n) => n.id);
  const tags = new GraphTags(input.nameCount, wanted, input.stacks.tagCount);
  walkTags(input, g.kept, tags);
  for (const id of wanted) tags.trim(id, cutoff);
  return tags;
}

function trimEdges(nodes: Node[], cutoff: number): number {
  let dropped = 0;
  for (const n of nodes) {
    for (const [src, e] of n.in) {
      if (Math.abs(e.weight) < cutoff) {
        n.in.delete(src);
        src.out.delete(n);
        dropped++;
      }
    }
  }
  return dropped;
}

/** selectTopNodes in visual mode: a node's tags (up to 4) count as nodes too. */
function selectTopNodes(nodes: Node[], tags: GraphTags, maxNodes: number): Node[] {
  let count = 0;
  let keep = maxNodes;
  for (let i = 0; i < nodes.length; i++) {
    count += Math.min(tags.withFlat(nodes[i].id), MAX_NODELETS) + 1;
    if (count >= maxNodes) {
      keep = i + 1;
      break;
    }
  }
  return nodes.slice(0, Math.min(keep, nodes.length));
}

function sortedIn(n: Node, names: string[]): Edge[] {
  return [...n.in.values()].sort((a, b) => {
    if (a.weight !== b.weight) return Math.abs(b.weight) - Math.abs(a.weight);
    const fa = names[a.src.id];
    const fb = names[b.src.id];
    if (fa !== fb) return fa < fb ? -1 : 1;
    const ta = names[a.dest.id];
    const tb = names[b.dest.id];
    return ta < tb ? -1 : ta > tb ? 1 : 0;
  });
}

function isRedundantEdge(e: Edge): boolean {
  const src = e.src;
  const seen = new Set<Node>([e.dest]);
  const queue = [e.dest];
  while (queue.length > 0) {
    const n = queue.shift()!;
    for (const ie of n.in.values()) {
      if (ie === e || seen.has(ie.src)) continue;
      if (ie.src === src) return true;
      seen.add(ie.src);
      queue.push(ie.src);
    }
  }
  return false;
}

function removeRedundantEdges(nodes: Node[], names: string[]) {
  for (let i = nodes.length - 1; i >= 0; i--) {
    const incoming = sortedIn(nodes[i], names);
    for (let j = incoming.length - 1; j >= 0; j--) {
      const e = incoming[j];
      if (!e.residual) break;
      if (isRedundantEdge(e)) {
        e.src.out.delete(e.dest);
        e.dest.in.delete(e.src);
      }
    }
  }
}

/** The call graph of the filtered samples for sample type `t`, trimmed as go tool pprof -dot trims it. */
export function callGraph(table: ProfileTable, f: FilteredSamples, g: Granularity, t: number, options: Partial<GraphOptions> = {}): CallGraph {
  const o = { ...DEFAULT_GRAPH_OPTIONS, ...options };
  const { names, frameStart, frames } = locationFrames(table, f, g);
  const input: WalkInput = { f, nameCount: names.length, frameStart, frames, stacks: stackTagsOf(table, f, t, o.outputUnit) };
  // The first graph gives the total (its flat values); its edges are only needed when no node is cut.
  let graph = newGraph(input, undefined, false);
  const total = graph.nodes.reduce((sum, n) => sum + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(total * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(total * o.edgeFraction));
  const untrimmed = graph.nodes.length;
  graph = newGraph(input, nodeCutoff > 0 ? graph.nodes.filter((n) => Math.abs(n.cum) >= nodeCutoff).map((n) => n.id) : undefined);
  const nodesBefore = graph.nodes.length;
  graph.nodes = sortByEntropy(graph.nodes, names);
  if (o.nodeCount > 0) {
    const tags = topTags(input, graph, o.nodeCount, nodeCutoff);
    trimEdges(graph.nodes, edgeCutoff);
    const top = selectTopNodes(graph.nodes, tags, o.nodeCount);
    if (top.length !== graph.nodes.length) {
      graph = newGraph(input, top.map((n) => n.id));
      graph.nodes = sortByEntropy(graph.nodes, names);
    }
  }
  const nodes = graph.nodes;
  const droppedEdges = trimEdges(nodes, edgeCutoff);
  removeRedundantEdges(nodes, names);
  const edges: GraphEdge[] = [];
  for (const n of nodes) {
    for (const e of sortedIn(n, names)) edges.push({ from: e.src.id, to: n.id, weight: e.weight, residual: e.residual, inline: e.inline });
  }
  return {
    total,
    nodes: nodes.map((n) => ({ id: n.id, name: names[n.id], flat: n.flat, cum: n.cum })),
    edges,
    nodesBefore: untrimmed,
    droppedNodes: untrimmed - nodesBefore,
    droppedEdges,
  };
}
