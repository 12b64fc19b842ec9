"use client";

import { useEffect, useMemo, useRef } from "react";
import flamegraph, { type FlameGraph as Chart, type FlameHierarchyNode, type FlameTooltip } from "d3-flame-graph";
import { select } from "d3-selection";
import { timerFlush } from "d3-timer";
import { HIGHLIGHT_COLOR } from "./flame-colors";
import { FlameCanvas, type CanvasFrames } from "./flame-canvas";
import { columnsOfTree, frameCount, treeOfColumns, type FlameColumns } from "./flame-columns";
import { showTooltip } from "./flame-tooltip";
import { FlameTooltipBox } from "./flame-tooltip-box";

// d3-flame-graph is imported statically, not loaded lazily: a lazy chunk would start downloading
// only after the page's scripts ran, on the critical path to the first draw. It touches `document`
// only when a chart is drawn, in the effect below, so rendering on the server is fine.

/** A d3-flame-graph node: a profile's tree, or a comparison's (with delta, base and target). */
export interface FlameGraphNode {
  name: string;
  value: number;
  children: FlameGraphNode[];
  delta?: number;
  base?: number;
  target?: number;
}

export type FlameSearch = { term: string; exact: boolean } | null;

export type FlameSearchResult = { frames: number; value: number; total: number };

/** What the colour and tooltip callbacks are told of a frame (a tree's node is one). */
export type FlameFrame = Pick<FlameGraphNode, "name" | "value" | "delta" | "base" | "target">;

/** A flame graph's props but its frames. */
export type FlameGraphOptions = {
  /** Accessible name of the graph. */
  label: string;
  rootAtTop: boolean;
  search: FlameSearch;
  /** Bump to reset the zoom. */
  resetToken: number;
  /** A frame's fill colour; the frame object may be reused for the next call: keep nothing of it. */
  color: (frame: FlameFrame) => string;
  /** Tooltip lines of a frame: the first is the function name. `self`: its value less its callees' (undefined without callees). */
  tooltip: (frame: FlameFrame, self: number | undefined) => string[];
  onSearchResult?: (result: FlameSearchResult | null) => void;
  /** The zoomed frame's path from the root (outermost first), or null when zoomed out. */
  onZoomChange?: (zoomedPath: string[] | null) => void;
  /** Called once the chart of this tree is drawn. */
  onReady?: () => void;
  /** Left-heavy: each frame's callees heaviest first (identical stacks are already one frame). */
  leftHeavy?: boolean;
};

/** The frames: a tree (d3-flame-graph's input), or preorder columns (the server's binary frames). */
export type FlameGraphProps = FlameGraphOptions & ({ tree: FlameGraphNode } | { frames: FlameColumns });

type Sortable = { data: FlameGraphNode };
const heaviestFirst = (a: Sortable, b: Sortable) => b.data.value - a.data.value || (a.data.name < b.data.name ? -1 : a.data.name > b.data.name ? 1 : 0);

const CELL_HEIGHT = 18;

/**
 * Trees above this many frames are drawn on a canvas (FlameCanvas), smaller ones by d3-flame-graph
 * as SVG: its layout of the whole tree at every zoom and one element per frame take seconds per
 * zoom at hundreds of thousands of frames (issue 16: 882,000 with nothing folded).
 */
export const CANVAS_FRAMES = 20_000;

/** A flame graph: on a canvas for a big tree, else d3-flame-graph's SVG. */
export function FlameGraph(props: FlameGraphProps) {
  const frames = "tree" in props ? props.tree : props.frames;
  const drawing = useMemo((): { tree: FlameGraphNode } | CanvasFrames => {
    if (!("count" in frames)) return frameCount(frames) > CANVAS_FRAMES ? columnsOfTree(frames) : { tree: frames };
    return frames.count > CANVAS_FRAMES ? { columns: frames } : { tree: treeOfColumns(frames) };
  }, [frames]);
  const { label, rootAtTop, search, resetToken, color, tooltip, onSearchResult, onZoomChange, onReady, leftHeavy } = props;
  const options: FlameGraphOptions = { label, rootAtTop, search, resetToken, color, tooltip, onSearchResult, onZoomChange, onReady, leftHeavy };
  return "tree" in drawing ? <SvgFlameGraph {...options} tree={drawing.tree} /> : <FlameCanvas {...options} {...drawing} />;
}

/**
 * A d3-flame-graph. The chart is created once per tree; orientation, search,
 * highlight and zoom reset are applied to it in place.
 */
function SvgFlameGraph(props: FlameGraphOptions & { tree: FlameGraphNode }) {
  const { tree, label, rootAtTop, search, resetToken, leftHeavy = false } = props;
  const holder = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const chart = useRef<Chart<FlameGraphNode> | null>(null);
  // What the chart shows now: the effects below redraw only what changed (on mount, nothing has:
  // each redraw of d3-flame-graph restyles every frame and animates it for 250 ms).
  const applied = useRef<{ rootAtTop: boolean; search: FlameSearch }>({ rootAtTop, search });
  // Callbacks change identity on every render; the chart reads the latest through refs.
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    performance.mark("flame-graph:start");
    el.replaceChildren();
    const drawnWidth = Math.max(320, el.clientWidth);
    const tooltip = makeTooltip(tip, (node) => latest.current.tooltip(node, node.children.length > 0 ? node.value - node.children.reduce((sum, c) => sum + c.value, 0) : undefined));
    const matches = (name: string, s: NonNullable<FlameSearch>) =>
      s.exact ? name === s.term : name.toLowerCase().includes(s.term.toLowerCase());
    const created = flamegraph<FlameGraphNode>()
      .width(drawnWidth)
      .cellHeight(CELL_HEIGHT)
      .transitionDuration(0)
      .minFrameSize(2)
      .inverted(latest.current.rootAtTop)
      .sort(leftHeavy ? heaviestFirst : false)
      .selfValue(false)
      .tooltip(tooltip)
      .setColorMapper((d) => (d.highlight ? HIGHLIGHT_COLOR : latest.current.color(d.data)))
      .setSearchMatch((d) => {
        const s = latest.current.search;
        return s !== null && s.term !== "" && matches(d.data.name, s);
      })
      .setSearchHandler((results, sum, total) => latest.current.onSearchResult?.({ frames: results.length, value: sum, total }))
      .onClick((d) => latest.current.onZoomChange?.(d.depth > 0 ? pathFromRoot(d) : null));
    // d3-flame-graph marks zoomed-out frames on the data itself: give it a copy of ours.
    select(el).datum(structuredClone(tree)).call(created);
    // A search already typed highlights its frames in the first drawing (still without animation).
    const s = latest.current.search;
    if (s && s.term) created.search(s.term);
    applied.current = { rootAtTop: latest.current.rootAtTop, search: s };
    // d3-flame-graph gives new frames their width and label through d3 transitions, and the width
    // one runs for d3's default 250 ms whatever transitionDuration says: about fifteen frames of
    // growing rectangles, each restyling and laying out the whole graph. Start them all now (labels
    // get their text), then end the width ones at their final value, as the last tick would.
    timerFlush();
    const root = select(el).datum() as FlameHierarchyNode<FlameGraphNode>;
    const kx = drawnWidth / (root.x1 - root.x0);
    select(el)
      .selectAll("g.frame rect")
      .interrupt()
      .attr("width", (d: FlameHierarchyNode<FlameGraphNode>) => (d.x1 - d.x0) * kx);
    select(el).selectAll(".d3-flame-graph-label").interrupt();
    created.transitionDuration(250);
    chart.current = created;
    el.dataset.ready = "true";
    // User Timing marks for the benchmark (bench/profile-viewer.mjs): chart built, frames drawn.
    performance.mark("flame-graph:built");
    latest.current.onReady?.();

    // The width drawn at, not el.clientWidth: reading that here would force a layout of the new graph.
    let width = drawnWidth;
    const observer = new ResizeObserver(() => {
      if (Math.abs(el.clientWidth - width) < 2) return;
      width = el.clientWidth;
      // No animation for a resize (such as the scroll bar appearing once the graph is drawn).
      created.transitionDuration(0).width(Math.max(320, width)).update();
      timerFlush();
      created.transitionDuration(250);
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      created.destroy();
      chart.current = null;
      el.dataset.ready = "false";
    };
  }, [tree, leftHeavy]);

  useEffect(() => {
    const c = chart.current;
    if (!c || applied.current.rootAtTop === rootAtTop) return;
    applied.current.rootAtTop = rootAtTop;
    c.inverted(rootAtTop).update();
  }, [rootAtTop]);

  useEffect(() => {
    const c = chart.current;
    if (!c || applied.current.search === search) return;
    const before = applied.current.search;
    applied.current.search = search;
    if (search && search.term) c.search(search.term);
    else {
      if (before && before.term) c.clear();
      latest.current.onSearchResult?.(null);
    }
  }, [search]);

  useEffect(() => {
    if (resetToken > 0) chart.current?.resetZoom();
    latest.current.onZoomChange?.(null);
  }, [resetToken]);

  return (
    <div className="relative">
      <div ref={holder} role="figure" aria-label={label} data-testid="flame-graph" className="flame-graph-host w-full overflow-hidden" />
      <FlameTooltipBox ref={tip} />
    </div>
  );
}

/** A frame's function names from the root's child down to it. */
function pathFromRoot(node: FlameHierarchyNode<FlameGraphNode>): string[] {
  const names: string[] = [];
  for (let n: FlameHierarchyNode<FlameGraphNode> | null = node; n && n.depth > 0; n = n.parent) names.push(n.data.name);
  return names.reverse();
}

/** A tooltip object in d3-flame-graph's protocol, drawing into our own element. */
function makeTooltip(
  element: React.RefObject<HTMLDivElement | null>,
  lines: (node: FlameGraphNode) => string[],
): FlameTooltip<FlameGraphNode> {
  const tooltip = (() => undefined) as unknown as FlameTooltip<FlameGraphNode>;
  tooltip.show = (event: MouseEvent, d: FlameHierarchyNode<FlameGraphNode>) => {
    if (element.current) showTooltip(element.current, event, lines(d.data));
  };
  tooltip.hide = () => {
    if (element.current) element.current.style.display = "none";
  };
  return tooltip;
}
