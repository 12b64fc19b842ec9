/** The Go compiler's own edge maps of the merge fixtures, for the tests of ours. */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { PgoEdge } from "../../lib/pprof/pgo-edges";
import { MERGE_TESTDATA } from "./merge-testutil";

/** expected/<name>.edges.txt: the compiler's edge map (go tool preprofile, compiler-edges.sh; see README). */
export function expectedEdges(name: string) {
  const text = readFileSync(path.join(MERGE_TESTDATA, "expected", `${name}.edges.txt`), "utf8");
  const meta = new Map<string, string>();
  const edges: PgoEdge[] = [];
  for (const line of text.trim().split("\n")) {
    if (line.startsWith("# ")) {
      const [k, ...v] = line.slice(2).split(" ");
      meta.set(k, v.join(" "));
      continue;
    }
    const [w, offset, caller, callee] = line.split("\t");
    edges.push({ caller, callee, offset: Number(offset), weight: Number(w) });
  }
  const [hot, , cdf, , threshold] = meta.get("hot")!.split(" ");
  return {
    sampleType: meta.get("sampleType")!,
    total: Number(meta.get("total")),
    missingStartLine: meta.get("missingStartLine") === "true",
    hot: Number(hot),
    cdf: Number(cdf),
    threshold: Number(threshold),
    edges,
  };
}

