"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { HIGHLIGHT_COLOR } from "./flame-colors";
import { frameAt, heaviestFirst, layoutFrames, namesFromRoot, searchFrames, selfValue, type DrawnFrames, type FlameColumns } from "./flame-columns";
import type { FlameFrame, FlameGraphNode, FlameGraphOptions, FlameSearch } from "./flame-graph";
import { showTooltip } from "./flame-tooltip";
import { FlameTooltipBox } from "./flame-tooltip-box";

const CELL_HEIGHT = 18;
/** Frames narrower than this many CSS pixels are not drawn (with their subtrees). */
const MIN_FRAME_PX = 1;

/** A canvas's frames: preorder columns, and the tree's nodes in the same order when drawn from a tree. */
export type CanvasFrames = { columns: FlameColumns; nodes?: FlameGraphNode[] };

/**
 * A flame graph drawn on a canvas, for trees too big for d3-flame-graph's SVG (one element per
 * frame, and a layout of the whole tree at every zoom): each zoom lays out only the frames wide
 * enough to see and draws them in one pass, straight from the columns. The zoomed frame is in
 * data-zoomed and aria-live text.
 */
export function FlameCanvas(props: FlameGraphOptions & CanvasFrames) {
  const { columns, nodes, label, rootAtTop, search, resetToken, leftHeavy = false } = props;
  const host = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tip = useRef<HTMLDivElement>(null);
  const latest = useRef(props);
  latest.current = props;
  const { shown, frameOf } = useMemo(() => {
    performance.mark("flame-graph:start");
    const ordered = leftHeavy ? heaviestFirst(columns) : { columns, source: null };
    return { shown: ordered.columns, frameOf: frameReader(ordered.columns, nodes, ordered.source) };
  }, [columns, nodes, leftHeavy]);
  const [zoom, setZoom] = useState(0);
  const [width, setWidth] = useState(0);
  const drawnRef = useRef<DrawnFrames | null>(null);

  const found = useMemo(() => searchOf(shown, search), [shown, search]);
  useEffect(() => {
    latest.current.onSearchResult?.(found ? { frames: found.frames, value: found.value, total: shown.value[0] } : null);
  }, [found, shown]);

  useEffect(() => setZoom(0), [shown]);
  useEffect(() => {
    setZoom(0);
    latest.current.onZoomChange?.(null);
  }, [resetToken]);

  useEffect(() => {
    const el = host.current;
    if (!el) return;
    setWidth(Math.max(320, el.clientWidth));
    const observer = new ResizeObserver(() => setWidth((w) => (Math.abs(el.clientWidth - w) < 2 ? w : Math.max(320, el.clientWidth))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c || width === 0 || zoom >= shown.count) return;
    const drawn = layoutFrames(shown, zoom, width, MIN_FRAME_PX);
    drawnRef.current = drawn;
    paint(c, drawn, width, rootAtTop, (frame) => (found?.matched[frame] ? HIGHLIGHT_COLOR : latest.current.color(frameOf(frame))), (frame) => shown.names[shown.name[frame]]);
    const el = host.current!;
    el.dataset.drawnFrames = String(drawn.count);
    el.dataset.zoomed = shown.names[shown.name[zoom]];
    el.dataset.ready = "true";
    performance.mark("flame-graph:built");
    latest.current.onReady?.();
  }, [shown, frameOf, zoom, width, rootAtTop, found]);

  const hit = (e: React.MouseEvent<HTMLCanvasElement>): number => {
    const drawn = drawnRef.current;
    if (!drawn) return -1;
    const box = e.currentTarget.getBoundingClientRect();
    const y = e.clientY - box.top;
    const row = Math.floor((rootAtTop ? y : box.height - y) / CELL_HEIGHT);
    const k = frameAt(drawn, e.clientX - box.left, row);
    return k < 0 ? -1 : drawn.frame[k];
  };
  const onMove = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const node = hit(e);
    if (node < 0) return hideTip(tip.current);
    if (tip.current) showTooltip(tip.current, e.nativeEvent, latest.current.tooltip(frameOf(node), selfValue(shown, node)));
  };
  const onClick = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const node = hit(e);
    if (node < 0) return;
    setZoom(node);
    latest.current.onZoomChange?.(node > 0 ? namesFromRoot(shown, node) : null);
  };

  return (
    <div className="relative">
      <div ref={host} role="figure" aria-label={label} data-testid="flame-graph" data-renderer="canvas" className="w-full overflow-hidden">
        <canvas ref={canvas} onMouseMove={onMove} onMouseLeave={() => hideTip(tip.current)} onClick={onClick} className="block cursor-pointer" />
      </div>
      <p className="sr-only" aria-live="polite" data-testid="flame-zoomed">
        {zoom > 0 && zoom < shown.count ? `Zoomed into ${shown.names[shown.name[zoom]]}` : "Not zoomed"}
      </p>
      <FlameTooltipBox ref={tip} />
    </div>
  );
}

function hideTip(el: HTMLDivElement | null) {
  if (el) el.style.display = "none";
}

/** The frames a search matches (null without a search term). */
function searchOf(shown: FlameColumns, search: FlameSearch) {
  if (!search || !search.term) return null;
  const { term, exact } = search;
  const lower = term.toLowerCase();
  return searchFrames(shown, exact ? (name) => name === term : (name) => name.toLowerCase().includes(lower));
}

/**
 * Frame i as the callbacks see it: the tree's node when drawn from a tree (through `source`, the
 * left-heavy order's), else one object refilled from the columns at each call.
 */
function frameReader(c: FlameColumns, nodes: FlameGraphNode[] | undefined, source: Int32Array | null): (frame: number) => FlameFrame {
  if (nodes) return (frame) => nodes[source ? source[frame] : frame];
  const reused: FlameFrame = { name: "", value: 0 };
  return (frame) => {
    reused.name = c.names[c.name[frame]];
    reused.value = c.value[frame];
    return reused;
  };
}

/** Draws the laid-out frames: a rectangle each, and its name where it fits. */
function paint(c: HTMLCanvasElement, drawn: DrawnFrames, width: number, rootAtTop: boolean, fill: (frame: number) => string, name: (frame: number) => string) {
  const ratio = window.devicePixelRatio || 1;
  const height = drawn.rows * CELL_HEIGHT;
  c.width = Math.round(width * ratio);
  c.height = Math.round(height * ratio);
  c.style.width = `${width}px`;
  c.style.height = `${height}px`;
  const g = c.getContext("2d")!;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.font = "12px ui-sans-serif, system-ui, sans-serif";
  g.textBaseline = "middle";
  for (let k = 0; k < drawn.count; k++) {
    const x = drawn.x[k];
    const w = drawn.w[k];
    const y = rootAtTop ? drawn.row[k] * CELL_HEIGHT : height - (drawn.row[k] + 1) * CELL_HEIGHT;
    g.fillStyle = fill(drawn.frame[k]);
    g.fillRect(x, y, Math.max(w - 0.5, 0.5), CELL_HEIGHT - 1);
    if (w < 30) continue;
    g.fillStyle = "#0f172a";
    g.save();
    g.beginPath();
    g.rect(x, y, w - 4, CELL_HEIGHT);
    g.clip();
    g.fillText(name(drawn.frame[k]), x + 4, y + CELL_HEIGHT / 2);
    g.restore();
  }
}
