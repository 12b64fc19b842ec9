/**
 * Canonical label sets for merging. pprof decodes a label as a string label when its
 * `str` is set, as a numeric label when `num` or `num_unit` is set, and drops it
 * otherwise; samples are keyed by string labels sorted by key (values in order), then
 * numeric labels sorted by key, and written back in that order. Label sets are
 * interned: one id per distinct set, one Label[] per id shared by all samples.
 */
import { Label, type StringTable } from "pprof-format";
import { int64 } from "./merge-int";

interface RawLabel {
  numeric: boolean;
  key: string;
  str: string;
  num: number | bigint;
  unit: string;
}

/** Interns label sets of one merge; ids start at 1 (0 = no labels). */
export class LabelSets {
  private readonly byKey = new Map<string, number>();
  readonly sets: Label[][] = [[]];

  constructor(private readonly table: StringTable) {}

  /** Id of the canonical set made from `labels`, whose strings index `strings`. */
  intern(labels: Label[], strings: string[]): number {
    const raw: RawLabel[] = [];
    for (const l of labels) {
      const key = strings[int64(l.key)] ?? "";
      if (l.str) {
        raw.push({ numeric: false, key, str: strings[int64(l.str)] ?? "", num: 0, unit: "" });
      } else if (l.num || l.numUnit) {
        raw.push({ numeric: true, key, str: "", num: l.num, unit: l.numUnit ? (strings[int64(l.numUnit)] ?? "") : "" });
      }
    }
    if (raw.length === 0) return 0;
    // Stable sort: string labels first, each kind by key; values keep their order.
    raw.sort((a, b) => (a.numeric !== b.numeric ? (a.numeric ? 1 : -1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let key = "";
    for (const l of raw) {
      key += l.numeric ? `n${l.key}\u0000${int64(l.num)}\u0000${l.unit}\u0001` : `s${l.key}\u0000${l.str}\u0001`;
    }
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const id = this.sets.length;
    this.sets.push(
      raw.map((l) =>
        l.numeric
          ? new Label({ key: this.table.dedup(l.key), num: l.num, numUnit: l.unit ? this.table.dedup(l.unit) : 0 })
          : new Label({ key: this.table.dedup(l.key), str: this.table.dedup(l.str) }),
      ),
    );
    this.byKey.set(key, id);
    return id;
  }
}

/** Per-input cache from raw label indices to an interned set id (skips the canonical work). */
export class InputLabelCache {
  private readonly cache = new Map<string, number>();

  constructor(
    private readonly sets: LabelSets,
    private readonly strings: string[],
  ) {}

  idOf(labels: Label[]): number {
    let raw = "";
    for (const l of labels) raw += `${l.key},${l.str},${l.num},${l.numUnit};`;
    let id = this.cache.get(raw);
    if (id === undefined) {
      id = this.sets.intern(labels, this.strings);
      this.cache.set(raw, id);
    }
    return id;
  }
}
