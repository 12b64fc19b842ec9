// d3-flame-graph 5 and d3-selection ship no types: the parts the viewer uses.
declare module "d3-flame-graph" {
  /** A d3-hierarchy node as d3-flame-graph hands it to callbacks. */
  export interface FlameHierarchyNode<D> {
    data: D;
    /** The value drawn: 0 for frames hidden by a zoom. */
    value: number;
    x0: number;
    x1: number;
    depth: number;
    id: number;
    parent: FlameHierarchyNode<D> | null;
    children?: FlameHierarchyNode<D>[];
    highlight?: boolean;
    /** The root's value before any zoom. */
    originalValue?: number;
  }

  /** What chart.tooltip() accepts: called once with the svg selection, then show/hide per frame. */
  export interface FlameTooltip<D> {
    (selection: unknown): void;
    show(event: MouseEvent, d: FlameHierarchyNode<D>): unknown;
    hide(): unknown;
    destroy?(): void;
  }

  export interface FlameGraph<D> {
    (selection: unknown): void;
    width(w: number): FlameGraph<D>;
    height(h: number | null): FlameGraph<D>;
    minHeight(h: number): FlameGraph<D>;
    cellHeight(h: number): FlameGraph<D>;
    transitionDuration(ms: number): FlameGraph<D>;
    minFrameSize(px: number): FlameGraph<D>;
    inverted(on: boolean): FlameGraph<D>;
    sort(on: boolean | ((a: FlameHierarchyNode<D>, b: FlameHierarchyNode<D>) => number)): FlameGraph<D>;
    selfValue(on: boolean): FlameGraph<D>;
    computeDelta(on: boolean): FlameGraph<D>;
    title(text: string): FlameGraph<D>;
    tooltip(tip: FlameTooltip<D>): FlameGraph<D>;
    setColorMapper(fn: (d: FlameHierarchyNode<D>, originalColor: string) => string): FlameGraph<D>;
    setSearchMatch(fn: (d: FlameHierarchyNode<D>, term: string, ignoreCase?: boolean) => boolean): FlameGraph<D>;
    setSearchHandler(fn: (results: FlameHierarchyNode<D>[], sum: number, total: number) => void): FlameGraph<D>;
    setDetailsHandler(fn: (text: string | null) => void): FlameGraph<D>;
    onClick(fn: (d: FlameHierarchyNode<D>) => void): FlameGraph<D>;
    search(term: string): void;
    clear(): void;
    resetZoom(): void;
    update(data?: D): FlameGraph<D>;
    destroy(): FlameGraph<D>;
  }

  export default function flamegraph<D = unknown>(): FlameGraph<D>;
}

declare module "d3-selection" {
  export interface Selection {
    datum(data: unknown): Selection;
    /** The bound datum of the first node (after a d3-flame-graph call: its d3-hierarchy root). */
    datum(): unknown;
    call(fn: (selection: Selection) => void): Selection;
    selectAll(selector: string): Selection;
    attr(name: string, value: (datum: never) => string | number): Selection;
    /** Added by d3-transition (which d3-flame-graph imports): stops the nodes' transitions where they are. */
    interrupt(name?: string): Selection;
  }
  export function select(element: Element): Selection;
}

declare module "d3-timer" {
  /** Runs every timer that is due now (d3 transitions of zero delay and duration among them), synchronously. */
  export function timerFlush(): void;
}
