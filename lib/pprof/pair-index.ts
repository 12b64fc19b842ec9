/**
 * Dense ids for pairs of non-negative integers, in the order they are first met: an open-addressing
 * table over typed arrays (the call graph's caller -> callee edges), with no object or boxed key
 * per pair.
 */
export class PairIndex {
  count = 0;
  first = new Int32Array(1024);
  second = new Int32Array(1024);
  /** Slot -> id + 1 (0: empty). */
  private slots = new Int32Array(4096);

  /** The id of (a, b), and whether it was just added. */
  id(a: number, b: number): number {
    const mask = this.slots.length - 1;
    let at = hash(a, b) & mask;
    for (let id = this.slots[at] - 1; id >= 0; at = (at + 1) & mask, id = this.slots[at] - 1) {
      if (this.first[id] === a && this.second[id] === b) return id;
    }
    const id = this.count++;
    if (id === this.first.length) {
      this.first = grown(this.first);
      this.second = grown(this.second);
    }
    this.first[id] = a;
    this.second[id] = b;
    this.slots[at] = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let at = hash(this.first[id], this.second[id]) & mask;
      while (this.slots[at] !== 0) at = (at + 1) & mask;
      this.slots[at] = id + 1;
    }
  }
}

const hash = (a: number, b: number) => Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);

function grown(a: Int32Array): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}
