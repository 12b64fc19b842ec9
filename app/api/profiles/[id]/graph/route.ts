import { HttpError } from "@/lib/http/errors";
import { route } from "@/lib/http/route";
import { DEFAULT_GRAPH_OPTIONS, type GraphOptions } from "@/lib/pprof/call-graph";
import { profileDeps } from "@/lib/profiles/context";
import { profileViews, viewResponse } from "@/lib/profiles/profile-views";
import { parseViewFilters } from "@/lib/profiles/view-filters";

function fraction(query: URLSearchParams, name: "nodefraction" | "edgefraction", fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new HttpError(400, `${name} must be a number between 0 and 1, got "${raw}"`);
  return value;
}

function graphOptions(query: URLSearchParams): GraphOptions {
  const raw = query.get("nodecount");
  const nodeCount = raw === null || raw === "" ? DEFAULT_GRAPH_OPTIONS.nodeCount : Number(raw);
  if (!Number.isInteger(nodeCount) || nodeCount < 1 || nodeCount > 1000) throw new HttpError(400, `nodecount must be a whole number from 1 to 1000, got "${raw}"`);
  return {
    nodeCount,
    nodeFraction: fraction(query, "nodefraction", DEFAULT_GRAPH_OPTIONS.nodeFraction),
    edgeFraction: fraction(query, "edgefraction", DEFAULT_GRAPH_OPTIONS.edgeFraction),
    outputUnit: DEFAULT_GRAPH_OPTIONS.outputUnit,
  };
}

/**
 * `{ sampleType, unit, profileTotal, shown, nodes: [{ id, name, flat, cum }], edges: [{ from, to, weight,
 * residual, inline }], ... }`: the call graph as go tool pprof -dot builds it, with its defaults
 * (nodecount=80, nodefraction=0.005, edgefraction=0.001; each may be given), through pprof's
 * filters and granularity. Nodes in pprof's order (its N1, N2, ...).
 */
export const GET = route<{ id: string }>(async (request, { id }) => {
  const query = new URL(request.url).searchParams;
  return viewResponse(await profileViews().graph(profileDeps(), id, query.get("sampleType"), parseViewFilters(query), graphOptions(query)));
});
