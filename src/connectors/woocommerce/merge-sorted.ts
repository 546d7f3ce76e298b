/**
 * Two streams of pages, each in ascending key order, as one stream of pages in ascending key
 * order. Everything up to the smaller of the two buffered last keys is safe to give out: neither
 * stream can still bring anything below its own last key. Ties keep no particular order.
 */
export async function* mergeSorted<T>(a: AsyncIterable<T[]>, b: AsyncIterable<T[]>, key: (item: T) => number): AsyncGenerator<T[]> {
  const left = new Buffered(a, key);
  const right = new Buffered(b, key);
  for (;;) {
    await left.fill();
    await right.fill();
    if (left.exhausted && right.exhausted) return;
    const bound = Math.min(left.lastKey, right.lastKey);
    const page = [...left.takeUpTo(bound), ...right.takeUpTo(bound)].sort((x, y) => key(x) - key(y));
    if (page.length > 0) yield page;
  }
}

class Buffered<T> {
  private readonly iterator: AsyncIterator<T[]>;
  private items: T[] = [];
  private done = false;

  constructor(
    source: AsyncIterable<T[]>,
    private readonly key: (item: T) => number,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Nothing buffered and nothing more to come. */
  get exhausted(): boolean {
    return this.done && this.items.length === 0;
  }

  /** The key everything still to come is at or above (infinite once the stream has ended). */
  get lastKey(): number {
    const last = this.items[this.items.length - 1];
    return this.done || last === undefined ? Number.POSITIVE_INFINITY : this.key(last);
  }

  /** Reads pages until something is buffered or the stream ends. */
  async fill(): Promise<void> {
    while (this.items.length === 0 && !this.done) {
      const next = await this.iterator.next();
      if (next.done) this.done = true;
      else this.items = next.value;
    }
  }

  takeUpTo(bound: number): T[] {
    const index = this.items.findIndex((item) => this.key(item) > bound);
    const taken = index < 0 ? this.items : this.items.slice(0, index);
    this.items = index < 0 ? [] : this.items.slice(index);
    return taken;
  }
}
