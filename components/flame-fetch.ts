import { decodeFlameFrames, FLAME_FRAMES_TYPE } from "@/lib/pprof/flame-frames-codec";
import type { FlameFramesFacts } from "@/lib/profiles/view-builders";
import { failure } from "./fetch-json";
import { linkColumns, type FlameColumns } from "./flame-columns";
import type { FlameGraphNode } from "./flame-graph";

/** A flame graph's facts; with pprof's filters, the whole profile's total and the filters that matched no sample. */
export type FlameFacts = FlameFramesFacts & { profileTotal?: number; unmatched?: string[] };

/** GET /api/profiles/:id/flamegraph as the viewer draws it: its facts, and the tree or (`format=frames`) its preorder columns. */
export type LoadedFlame = { facts: FlameFacts } & ({ tree: FlameGraphNode } | { frames: FlameColumns });

/** Fetches a flame graph, JSON or binary frames by the answer's type; a non-2xx answer throws its message. */
export async function fetchFlame(url: string, signal?: AbortSignal): Promise<LoadedFlame> {
  // No custom headers: the page preloads these URLs, and a preload is only reused by an identical request.
  const res = await fetch(url, { signal });
  if (!res.ok) throw await failure(res);
  if (res.headers.get("content-type") === FLAME_FRAMES_TYPE) {
    const { facts, columns } = decodeFlameFrames(await res.arrayBuffer());
    return { facts: facts as FlameFacts, frames: linkColumns(columns) };
  }
  const { name, children, ...facts } = (await res.json()) as FlameGraphNode & FlameFacts;
  return { facts, tree: { name, value: facts.value, children } };
}
