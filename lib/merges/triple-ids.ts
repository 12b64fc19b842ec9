/**
 * Dense ids of (int, int, number) triples, numbered in order of first appearance: an open-addressing
 * table over integers, so the index builder keys Go's graph nodes (name and start line, address,
 * line) and function edges (caller, offset, callee) without a string per lookup.
 */
import { Float64List } from "../pprof/profile-entities";
import { Int32List } from "../pprof/stack-table";

/** murmur3's finaliser: spreads every input bit over the low bits that index the tables. */
export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function tripleHash(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h = Math.imul(h ^ (c | 0), 0x27d4eb2f) ^ ((c / 4294967296) | 0);
  return fmix(h);
}

export class TripleIds {
  readonly a = new Int32List(1 << 10);
  readonly b = new Int32List(1 << 10);
  readonly c = new Float64List(1 << 10);
  private slots = new Int32Array(1 << 11);

  get size(): number {
    return this.a.length;
  }

  /** The id of (a, b, c); a new triple gets the next id (`size` grows). */
  id(a: number, b: number, c: number): number {
    let mask = this.slots.length - 1;
    let slot = tripleHash(a, b, c) & mask;
    for (let cand = this.slots[slot]; cand !== 0; slot = (slot + 1) & mask, cand = this.slots[slot]) {
      const id = cand - 1;
      if (this.a.data[id] === a && this.b.data[id] === b && this.c.data[id] === c) return id;
    }
    const id = this.a.length;
    this.a.push(a);
    this.b.push(b);
    this.c.push(c);
    this.slots[slot] = id + 1;
    if (this.a.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      mask = this.slots.length - 1;
      for (let k = 0; k < this.a.length; k++) {
        let at = tripleHash(this.a.data[k], this.b.data[k], this.c.data[k]) & mask;
        while (this.slots[at] !== 0) at = (at + 1) & mask;
        this.slots[at] = k + 1;
      }
    }
    return id;
  }
}
