/**
 * The label tags of the call graph's nodes, as pprof's visual mode counts them (a node's tags, up
 * to four, count towards the node count): a sample's string labels joined ("key:value" lines) are
 * one tag, each numeric `bytes` label's printed value another. Each filtered stack carries the tags
 * of its sample groups; a node adds them once per stack, and to its flat when it is the leaf.
 */
import type { FilteredSamples } from "./filters";
import { scaledLabel } from "./measurement";
import type { LabelSet } from "./profile-detail";
import type { ProfileTable } from "./profile-table";

/** Each filtered stack's weight (summed over its groups of non-zero value) and their tags: tagIds[tagStart[s] .. tagStart[s+1]). */
export interface StackTags {
  present: Uint8Array;
  weight: Float64Array;
  tagStart: Int32Array;
  tagIds: Int32Array;
  tagWeights: Float64Array;
  /** Distinct tags. */
  tagCount: number;
}

/** joinLabels: the sample's string labels as sorted "key:value" lines. */
function joinLabels(str: [string, string][]): string {
  return str
    .map(([k, v]) => `${k}:${v}`)
    .sort()
    .join("\\n");
}

/** Each label set's tag ids, and how many distinct tags there are. */
function labelSetTags(table: ProfileTable, outputUnit: string): { ids: number[][]; count: number } {
  const d = table.detail;
  const keys = new Map<string, number>();
  const id = (key: string) => {
    let found = keys.get(key);
    if (found === undefined) keys.set(key, (found = keys.size));
    return found;
  };
  const ids = d.labelSets.map((set: LabelSet) => {
    const labels = joinLabels(set.str);
    const out: number[] = labels === "" ? [] : [id(`L${labels}`)];
    for (const [key, v] of set.num) if (key === "bytes") out.push(id(`N${labels}\u0000${scaledLabel(v, d.numLabelUnits.get(key) ?? key, outputUnit)}`));
    return out;
  });
  return { ids, count: keys.size };
}

/** The weights and tags of the filtered stacks for sample type `t`. */
export function stackTagsOf(table: ProfileTable, f: FilteredSamples, t: number, outputUnit: string): StackTags {
  const n = table.header.sampleTypes.length;
  const g = table.detail.groups;
  const { ids, count } = labelSetTags(table, outputUnit);
  const present = new Uint8Array(f.stackCount);
  const weight = new Float64Array(f.stackCount);
  const tagStart = new Int32Array(f.stackCount + 1);
  for (let k = 0; k < f.samples.length; k++) {
    const group = f.samples[k];
    const w = g.values[group * n + t];
    if (w === 0) continue;
    const s = f.sampleStack[k];
    present[s] = 1;
    weight[s] += w;
    tagStart[s + 1] += ids[g.labelSet[group]].length;
  }
  for (let s = 0; s < f.stackCount; s++) tagStart[s + 1] += tagStart[s];
  const fill = tagStart.slice(0, f.stackCount);
  const tagIds = new Int32Array(tagStart[f.stackCount]);
  const tagWeights = new Float64Array(tagIds.length);
  for (let k = 0; k < f.samples.length; k++) {
    const group = f.samples[k];
    const w = g.values[group * n + t];
    if (w === 0) continue;
    const s = f.sampleStack[k];
    for (const tag of ids[g.labelSet[group]]) {
      tagIds[fill[s]] = tag;
      tagWeights[fill[s]++] = w;
    }
  }
  return { present, weight, tagStart, tagIds, tagWeights, tagCount: count };
}

/** Dense tables up to this many node-tag pairs, maps beyond. */
const DENSE_PAIRS = 1 << 21;

/** The flat and cum of the tags of some nodes (those selectTopNodes looks at). */
export class GraphTags {
  /** Slot of each node id held, -1 for the others. */
  private readonly slot: Int32Array;
  private readonly dense?: { value: Float64Array; has: Uint8Array };
  private readonly sparse: Map<number, Float64Array>[] = [];

  constructor(
    nameCount: number,
    nodes: readonly number[],
    private readonly tagCount: number,
  ) {
    this.slot = new Int32Array(nameCount).fill(-1);
    nodes.forEach((id, i) => (this.slot[id] = i));
    if (nodes.length * tagCount <= DENSE_PAIRS) this.dense = { value: new Float64Array(nodes.length * tagCount * 2), has: new Uint8Array(nodes.length * tagCount) };
  }

  holds(node: number): boolean {
    return this.slot[node] >= 0;
  }

  /** Adds stack s's tags to node `node` (to its flat, or its cum). */
  addStack(node: number, st: StackTags, s: number, flat: boolean): void {
    const side = flat ? 0 : 1;
    const slot = this.slot[node];
    for (let j = st.tagStart[s]; j < st.tagStart[s + 1]; j++) {
      const tag = st.tagIds[j];
      if (this.dense) {
        const at = slot * this.tagCount + tag;
        this.dense.has[at] = 1;
        this.dense.value[at * 2 + side] += st.tagWeights[j];
      } else {
        const tags = (this.sparse[slot] ??= new Map());
        let pair = tags.get(tag);
        if (!pair) tags.set(tag, (pair = new Float64Array(2)));
        pair[side] += st.tagWeights[j];
      }
    }
  }

  /** Drops the node's tags under `cutoff` in both flat and cum. */
  trim(node: number, cutoff: number): void {
    const slot = this.slot[node];
    this.forEach(slot, (tag, flat, cum) => {
      if (!(Math.abs(flat) < cutoff && Math.abs(cum) < cutoff)) return;
      if (this.dense) this.dense.has[slot * this.tagCount + tag] = 0;
      else this.sparse[slot]!.delete(tag);
    });
  }

  /** How many of the node's tags have a flat value. */
  withFlat(node: number): number {
    let count = 0;
    this.forEach(this.slot[node], (_, flat) => {
      if (flat !== 0) count++;
    });
    return count;
  }

  private forEach(slot: number, visit: (tag: number, flat: number, cum: number) => void): void {
    if (slot < 0) return;
    if (this.dense) {
      const { value, has } = this.dense;
      for (let tag = 0, at = slot * this.tagCount; tag < this.tagCount; tag++, at++) if (has[at]) visit(tag, value[at * 2], value[at * 2 + 1]);
    } else if (this.sparse[slot]) {
      for (const [tag, pair] of [...this.sparse[slot]!]) visit(tag, pair[0], pair[1]);
    }
  }
}
