/**
 * A least-recently-used cache bounded by a cost (bytes) and an entry count.
 * An entry costlier than the whole budget is not kept.
 */
export class LruCache<V> {
  private readonly entries = new Map<string, { value: V; cost: number }>();
  private used = 0;

  constructor(
    readonly maxCost: number,
    readonly maxEntries = Number.POSITIVE_INFINITY,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Map keeps insertion order: re-inserting makes this the most recent.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, cost: number): void {
    this.delete(key);
    if (cost > this.maxCost) return;
    this.entries.set(key, { value, cost });
    this.used += cost;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxCost && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
      this.used -= entry.cost;
    }
  }

  delete(key: string): boolean {
    const entry = this.entries.get(key);
    if (!entry) return false;
    this.entries.delete(key);
    this.used -= entry.cost;
    return true;
  }

  /** Removes every entry whose key matches. */
  deleteWhere(match: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) if (match(key)) this.delete(key);
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get cost(): number {
    return this.used;
  }

  keys(): string[] {
    return [...this.entries.keys()];
  }
}
