/**
 * The labels report, as `go tool pprof -tags` gives it (internal/report printTags): for each label
 * key, the value of the (filtered) samples carrying each of its values, and the key's total; keys
 * by name, values largest first. Numeric labels are grouped by their printed value.
 */
import type { FilteredSamples } from "./filters";
import { scaledLabel } from "./measurement";
import type { ProfileTable } from "./profile-table";

export interface TagValue {
  /** The label's value as pprof prints it (numeric ones scaled: "56kB"). */
  value: string;
  /** Sum of the sample values carrying it. */
  amount: number;
  /** For a numeric label: its number (in `unit`) when the value groups one number. */
  number?: number;
}

export interface TagKey {
  key: string;
  /** Whether its values are numbers (tag filters then take ranges: `bytes=1kb:`). */
  numeric: boolean;
  unit?: string;
  /** Sum of the sample values carrying the key (a sample with two values counts twice, as in pprof). */
  total: number;
  values: TagValue[];
}

const byAmount = (a: TagValue, b: TagValue) => Math.abs(b.amount) - Math.abs(a.amount) || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);

/** The labels of the filtered samples for sample type `t`; numeric values printed in `outputUnit` ("minimum": pprof's default). */
export function tagsReport(table: ProfileTable, f: FilteredSamples, t: number, outputUnit = "minimum"): TagKey[] {
  const d = table.detail;
  const nTypes = table.header.sampleTypes.length;
  const keys = new Map<string, { numeric: boolean; total: number; values: Map<string, TagValue> }>();
  const add = (key: string, value: string, amount: number, numeric: boolean, number?: number) => {
    let entry = keys.get(key);
    if (!entry) keys.set(key, (entry = { numeric, total: 0, values: new Map() }));
    entry.total += amount;
    let v = entry.values.get(value);
    if (!v) entry.values.set(value, (v = { value, amount: 0, ...(number !== undefined ? { number } : {}) }));
    else if (v.number !== number) delete v.number;
    v.amount += amount;
  };
  // The kept groups' values summed by label set, then each label set's labels counted once.
  const amounts = new Float64Array(d.labelSets.length);
  const carried = new Uint8Array(d.labelSets.length);
  for (const g of f.samples) {
    const set = d.groups.labelSet[g];
    amounts[set] += d.groups.values[g * nTypes + t];
    carried[set] = 1;
  }
  for (let id = 0; id < d.labelSets.length; id++) {
    if (!carried[id]) continue;
    const amount = amounts[id];
    const set = d.labelSets[id];
    for (const [key, value] of set.str) add(key, value, amount, false);
    for (const [key, number] of set.num) {
      const unit = d.numLabelUnits.get(key) ?? key;
      add(key, scaledLabel(number, unit, outputUnit), amount, true, number);
    }
  }
  return [...keys]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, e]) => ({
      key,
      numeric: e.numeric,
      ...(e.numeric ? { unit: d.numLabelUnits.get(key) ?? key } : {}),
      total: e.total,
      values: [...e.values.values()].sort(byAmount),
    }));
}
