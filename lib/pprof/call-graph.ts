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
import { scaledLabel } from "./measurement";
import type { ProfileDetail } from "./profile-detail";

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
  /** The sample that last counted this node (once per sample). */
  seen: number;
  flat: number;
  cum: number;
  /** Label tags (the sample's string labels joined) and numeric bytes tags: [flat, cum]. */
  tags: Map<string, [number, number]>;
  in: Map<Node, Edge>;
  out: Map<Node, Edge>;
}

interface Edge {
  /** The sample that last counted this edge. */
  seen: number;
  src: Node;
  dest: Node;
  weight: number;
  residual: boolean;
  inline: boolean;
}

interface Input {
  d: ProfileDetail;
  f: FilteredSamples;
  names: string[];
  frameStart: Int32Array;
  frames: Int32Array;
  t: number;
  /** Per label set: its tag keys (the joined string labels, "" for none; each printed "bytes" value). */
  labelTags: { labels: string; numeric: string[] }[];
}

/** joinLabels: the sample's string labels as sorted "key:value" lines. */
function joinLabels(str: [string, string][]): string {
  return str
    .map(([k, v]) => `${k}:${v}`)
    .sort()
    .join("\\n");
}

function addTag(n: Node, key: string, w: number, flat: boolean) {
  let tag = n.tags.get(key);
  if (!tag) n.tags.set(key, (tag = [0, 0]));
  tag[flat ? 0 : 1] += w;
}

function addSample(n: Node, w: number, tags: Input["labelTags"][number], flat: boolean) {
  if (flat) n.flat += w;
  else n.cum += w;
  if (tags.labels !== "") addTag(n, tags.labels, w, flat);
  for (const key of tags.numeric) addTag(n, key, w, flat);
}

/** newGraph: the graph of the samples over the kept nodes (all when `kept` is undefined). */
function newGraph(input: Input, kept: Set<number> | undefined): Node[] {
  const { d, f, frameStart, frames, t } = input;
  const nTypes = d.sampleTypes.length;
  const nodes: (Node | undefined)[] = new Array(input.names.length);
  const node = (id: number) => (nodes[id] ??= { id, seen: -1, flat: 0, cum: 0, tags: new Map(), in: new Map(), out: new Map() });
  for (let k = 0; k < f.samples.length; k++) {
    const s = f.samples[k];
    const w = d.values[s * nTypes + t];
    if (w === 0) continue;
    const tags = input.labelTags[d.sampleLabelSet[s]];
    let parent: Node | undefined;
    let residual = false;
    for (let i = f.sampleStart[k + 1] - 1; i >= f.sampleStart[k]; i--) {
      const loc = f.sampleLocs[i];
      const first = frameStart[loc];
      const last = frameStart[loc + 1] - 1;
      for (let fi = last; fi >= first; fi--) {
        const id = frames[fi];
        if (kept && !kept.has(id)) {
          residual = true;
          continue;
        }
        const n = node(id);
        if (n.seen !== k) {
          n.seen = k;
          addSample(n, w, tags, false);
        }
        if (parent && n !== parent) {
          let e = parent.out.get(n);
          if (!e) {
            e = { seen: -1, src: parent, dest: n, weight: 0, residual, inline: fi !== last };
            parent.out.set(n, e);
            n.in.set(parent, e);
          } else if (e.seen !== k) {
            if (residual) e.residual = true;
            if (fi === last) e.inline = false;
          }
          if (e.seen !== k) {
            e.seen = k;
            e.weight += w;
          }
        }
        parent = n;
        residual = false;
      }
    }
    if (parent && !residual) addSample(parent, w, tags, true);
  }
  return nodes.filter((n): n is Node => n !== undefined && (n.cum !== 0 || n.flat !== 0));
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

function trimTags(nodes: Node[], cutoff: number) {
  for (const n of nodes) for (const [key, [flat, cum]] of n.tags) if (Math.abs(flat) < cutoff && Math.abs(cum) < cutoff) n.tags.delete(key);
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
function selectTopNodes(nodes: Node[], maxNodes: number): Node[] {
  let count = 0;
  let keep = maxNodes;
  for (let i = 0; i < nodes.length; i++) {
    let tags = 0;
    for (const [key, [flat]] of nodes[i].tags) if (flat !== 0 && key !== "") tags++;
    count += Math.min(tags, MAX_NODELETS) + 1;
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

/** Each label set's tag keys, made once: "L" + the joined labels, "N" + labels + a printed bytes value. */
function labelTagsOf(d: ProfileDetail, outputUnit: string): Input["labelTags"] {
  return d.labelSets.map((set) => {
    const labels = joinLabels(set.str);
    return {
      labels: labels === "" ? "" : `L${labels}`,
      numeric: set.num.filter(([key]) => key === "bytes").map(([key, v]) => `N${labels}\u0000${scaledLabel(v, d.numLabelUnits.get(key) ?? key, outputUnit)}`),
    };
  });
}

/** The call graph of the filtered samples for sample type `t`, trimmed as go tool pprof -dot trims it. */
export function callGraph(d: ProfileDetail, f: FilteredSamples, g: Granularity, t: number, options: Partial<GraphOptions> = {}): CallGraph {
  const o = { ...DEFAULT_GRAPH_OPTIONS, ...options };
  const { names, frameStart, frames } = locationFrames(d, f, g);
  const input: Input = { d, f, names, frameStart, frames, t, labelTags: labelTagsOf(d, o.outputUnit) };
  let nodes = newGraph(input, undefined);
  const total = nodes.reduce((sum, n) => sum + n.flat, 0);
  const nodeCutoff = Math.abs(Math.trunc(total * o.nodeFraction));
  const edgeCutoff = Math.abs(Math.trunc(total * o.edgeFraction));
  const untrimmed = nodes.length;
  if (nodeCutoff > 0) nodes = newGraph(input, new Set(nodes.filter((n) => Math.abs(n.cum) >= nodeCutoff).map((n) => n.id)));
  const nodesBefore = nodes.length;
  nodes = sortByEntropy(nodes, names);
  if (o.nodeCount > 0) {
    trimTags(nodes, nodeCutoff);
    trimEdges(nodes, edgeCutoff);
    const top = selectTopNodes(nodes, o.nodeCount);
    if (top.length !== nodes.length) nodes = sortByEntropy(newGraph(input, new Set(top.map((n) => n.id))), names);
  }
  trimTags(nodes, nodeCutoff);
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
