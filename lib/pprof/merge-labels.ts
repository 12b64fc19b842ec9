/**
 * Canonical label sets for merging. pprof decodes a label as a string label when its
 * `str` is set, as a numeric label when `num` or `num_unit` is set, and drops it
 * otherwise; samples are keyed by string labels sorted by key (values in order), then
 * numeric labels sorted by key, and written back in that order. Label sets are
 * interned: one id per distinct set, one Label[] per id shared by all samples.
 */
import type { ModelLabel, ModelStrings } from "./profile-model";

/** The labels of the sample being merged, as raw string-table indices of its input. */
export class LabelScratch {
  n = 0;
  key = new Float64Array(8);
  str = new Float64Array(8);
  num = new Float64Array(8);
  unit = new Float64Array(8);

  push(key: number, str: number, num: number, unit: number): void {
    if (this.n === this.key.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.key = grow(this.key);
      this.str = grow(this.str);
      this.num = grow(this.num);
      this.unit = grow(this.unit);
    }
    const i = this.n++;
    this.key[i] = key;
    this.str[i] = str;
    this.num[i] = num;
    this.unit[i] = unit;
  }
}

interface RawLabel {
  numeric: boolean;
  key: string;
  str: string;
  num: number;
  unit: string;
}

/** Interns label sets of one merge; ids start at 1 (0 = no labels). */
export class LabelSets {
  private readonly byKey = new Map<string, number>();
  readonly sets: ModelLabel[][] = [[]];

  constructor(private readonly table: ModelStrings) {}

  /** Id of the canonical set made from the scratch labels, whose indices point into `strings`. */
  intern(sc: LabelScratch, strings: string[]): number {
    const raw: RawLabel[] = [];
    const s = (i: number) => strings[i] ?? "";
    for (let i = 0; i < sc.n; i++) {
      if (sc.str[i] !== 0) {
        raw.push({ numeric: false, key: s(sc.key[i]), str: s(sc.str[i]), num: 0, unit: "" });
      } else if (sc.num[i] !== 0 || sc.unit[i] !== 0) {
        raw.push({ numeric: true, key: s(sc.key[i]), str: "", num: sc.num[i], unit: sc.unit[i] !== 0 ? s(sc.unit[i]) : "" });
      }
    }
    if (raw.length === 0) return 0;
    // Stable sort: string labels first, each kind by key; values keep their order.
    raw.sort((a, b) => (a.numeric !== b.numeric ? (a.numeric ? 1 : -1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    let key = "";
    for (const l of raw) key += l.numeric ? `n${l.key}\u0000${l.num}\u0000${l.unit}\u0001` : `s${l.key}\u0000${l.str}\u0001`;
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const id = this.sets.length;
    const t = this.table;
    this.sets.push(
      raw.map((l) =>
        l.numeric
          ? { key: t.dedup(l.key), str: 0, num: l.num, numUnit: l.unit ? t.dedup(l.unit) : 0 }
          : { key: t.dedup(l.key), str: t.dedup(l.str), num: 0, numUnit: 0 },
      ),
    );
    this.byKey.set(key, id);
    return id;
  }
}

/** Per-input cache from raw label indices to an interned set id (skips the canonical work). */
export class InputLabelCache {
  private readonly single = new Map<number, Map<number, number>>();
  private readonly general = new Map<string, number>();

  constructor(
    private readonly sets: LabelSets,
    private readonly strings: string[],
  ) {}

  idOf(sc: LabelScratch): number {
    if (sc.n === 1 && sc.str[0] !== 0) {
      let byStr = this.single.get(sc.key[0]);
      if (!byStr) this.single.set(sc.key[0], (byStr = new Map()));
      let id = byStr.get(sc.str[0]);
      if (id === undefined) byStr.set(sc.str[0], (id = this.sets.intern(sc, this.strings)));
      return id;
    }
    let raw = "";
    for (let i = 0; i < sc.n; i++) raw += `${sc.key[i]},${sc.str[i]},${sc.num[i]},${sc.unit[i]};`;
    let id = this.general.get(raw);
    if (id === undefined) this.general.set(raw, (id = this.sets.intern(sc, this.strings)));
    return id;
  }
}
