/**
 * Go's edge map of one profile's table, by the preview's own walk of Go's graph (input-index.ts,
 * merged-edges.ts): the one implementation the preview, the merge writer and the committed-file
 * check share. pgoEdgeMap (lib/pprof/pgo-edges.ts) is the object-by-object reading the tests hold
 * it to, and both are held to the compiler's own edge maps (file-edge-map.test.ts).
 */
import { planMerge } from "../pprof/merge-headers";
import type { PgoEdgeMap } from "../pprof/pgo-edges";
import type { FullProfileTable } from "../pprof/profile-table";
import { inputIndexOf } from "./input-index";
import { EdgeTable, inputEdges, pairWeights, pgoColumn } from "./merged-edges";

/** The edge map `go build -pgo` builds from the profile; null when it has samples but no PGO sample type (Go refuses it). */
export function fileEdgeMap(table: FullProfileTable): PgoEdgeMap | null {
  const index = inputIndexOf(table);
  if (index.sampleCount === 0) return { sampleType: "", sampleIndex: -1, totalWeight: 0, edges: new Map(), missingStartLine: false, empty: true };
  const { plans, header } = planMerge([{ source: index.header, weight: 1 }]);
  const col = pgoColumn(header);
  if (col < 0) return null;
  const weights = pairWeights(index, plans[0], col, col);
  const edges = inputEdges(index, weights);
  const edgeTable = new EdgeTable([index], [edges], new Set());
  const t = header.sampleTypes[col];
  return edgeTable.toEdgeMap(edgeTable.weigh([edges], [0]), { sampleType: `${t.type}/${t.unit}`, sampleIndex: col, missingStartLine: !edges.hasStartLine, samples: weights.samples });
}
