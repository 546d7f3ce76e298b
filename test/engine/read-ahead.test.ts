import { describe, expect, it } from 'vitest';
import { ReadAhead } from '../../src/engine/read-ahead.js';

/**
 * A listing begun before its leg runs (engine/read-ahead.ts): read at once up to its bound, taken
 * in order, its failure kept for the leg, and read no further once the leg will not run.
 */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Pages of `size` numbers, `count` of them, counting the pages read and whether the source was closed. */
function pagesOf(count: number, size: number, failAt?: number) {
  const seen = { read: 0, closed: false };
  async function* pages(): AsyncIterable<number[]> {
    try {
      for (let page = 0; page < count; page += 1) {
        await tick();
        if (page === failAt) throw new Error('the source is down');
        seen.read += 1;
        yield Array.from({ length: size }, (_, index) => page * size + index);
      }
    } finally {
      seen.closed = true;
    }
  }
  return { seen, pages: pages() };
}

async function take<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const taken: T[] = [];
  for await (const page of pages) taken.push(...page);
  return taken;
}

describe('ReadAhead', () => {
  it('reads pages before they are taken, up to its bound, and gives every record in order', async () => {
    const { seen, pages } = pagesOf(10, 3);
    const ahead = new ReadAhead(pages, 7);
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Nobody took anything yet: read until 7 records or more wait (three pages of 3), no further.
    expect(seen.read).toBe(3);
    expect(await take(ahead)).toEqual(Array.from({ length: 30 }, (_, index) => index));
    expect(seen.read).toBe(10);
  });

  it('reads the whole of a short listing before it is taken', async () => {
    const { seen, pages } = pagesOf(4, 1);
    const ahead = new ReadAhead(pages, 500);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual({ read: 4, closed: true });
    expect(await take(ahead)).toEqual([0, 1, 2, 3]);
  });

  it('keeps a failure of the source for whoever takes the pages, after the pages read before it', async () => {
    const { pages } = pagesOf(5, 2, 2);
    const ahead = new ReadAhead(pages, 100);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const taken: number[] = [];
    await expect(
      (async () => {
        for await (const page of ahead) taken.push(...page);
      })(),
    ).rejects.toThrow('the source is down');
    expect(taken).toEqual([0, 1, 2, 3]);
  });

  it('reads no further once cancelled, and closes the source', async () => {
    const { seen, pages } = pagesOf(10, 3);
    const ahead = new ReadAhead(pages, 7);
    await new Promise((resolve) => setTimeout(resolve, 100));
    ahead.cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toEqual({ read: 3, closed: true });
  });

  it('stops reading when the taker stops early', async () => {
    const { seen, pages } = pagesOf(10, 3);
    const ahead = new ReadAhead(pages, 3);
    for await (const page of ahead) if (page[0] === 3) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.closed).toBe(true);
    expect(seen.read).toBeLessThan(10);
  });
});
