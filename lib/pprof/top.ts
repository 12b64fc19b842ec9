import type { StackIndex } from "./stack-table";

export interface TopRow {
  name: string;
  /** Value of the samples whose leaf frame is this function. */
  flat: number;
  /** Value of the samples in which this function appears, once per sample. */
  cum: number;
}

export interface TopTable {
  /** pprof's total: the sum of the absolute sample values (the plain sum unless values are negative). */
  total: number;
  /** Every function with a non-zero flat or cum, by |flat| descending, then name, then |cum| descending. */
  rows: TopRow[];
}

/**
 * The `go tool pprof -top` table at function granularity: one row per function
 * name, inlined frames as their own rows, figures exact (no rounding, no
 * node-count or node-fraction cut).
 */
export function topTableOfIndex(ix: StackIndex, sampleTypeIndex: number): TopTable {
  const { values, absTotal } = ix.stackValues(sampleTypeIndex);
  const { frameStart, frames, stackStart, stackLocs, names } = ix;
  const nNames = names.length;
  const flat = new Float64Array(nNames);
  const cum = new Float64Array(nNames);
  // stamp[name] === generation of the stack that last counted it: counts each
  // function once per stack however often it recurses or is inlined.
  const stamp = new Int32Array(nNames);

  for (let st = 0; st < ix.stackCount; st++) {
    const v = values[st];
    if (v === 0) continue;
    const gen = st + 1;
    const first = stackStart[st];
    const last = stackStart[st + 1];
    if (first === last) continue;
    flat[frames[frameStart[stackLocs[first]]]] += v;
    for (let k = first; k < last; k++) {
      const loc = stackLocs[k];
      for (let f = frameStart[loc], end = frameStart[loc + 1]; f < end; f++) {
        const name = frames[f];
        if (stamp[name] !== gen) {
          stamp[name] = gen;
          cum[name] += v;
        }
      }
    }
  }

  const ids: number[] = [];
  for (let n = 0; n < nNames; n++) if (flat[n] !== 0 || cum[n] !== 0) ids.push(n);
  ids.sort((a, b) => {
    const fa = Math.abs(flat[a]);
    const fb = Math.abs(flat[b]);
    if (fa !== fb) return fb - fa;
    const na = names[a];
    const nb = names[b];
    if (na !== nb) return na < nb ? -1 : 1;
    return Math.abs(cum[b]) - Math.abs(cum[a]);
  });
  return { total: absTotal, rows: ids.map((n) => ({ name: names[n], flat: flat[n], cum: cum[n] })) };
}
