/**
 * A listing begun before its leg runs: its pages are read as soon as it is made, while the legs
 * before it are still at work, and kept until the leg takes them, at most `maxRecords` records
 * ahead (then it waits), so a long listing costs no more memory than a few pages. A leg of events
 * among orders (refunds, cancellations) keeps a handful of records per page read, so its whole
 * listing is usually read before its leg starts and costs the run no time at its end.
 */
export class ReadAhead<T> implements AsyncIterable<T[]> {
  private readonly pages: T[][] = [];
  private held = 0;
  private ended = false;
  private cancelled = false;
  private failure: { error: unknown } | undefined;
  /** Wakes the reader (room again, or cancelled) and the taker (a page came, or the end). */
  private wakeReader: (() => void) | undefined;
  private wakeTaker: (() => void) | undefined;

  constructor(
    source: AsyncIterable<T[]>,
    private readonly maxRecords: number,
  ) {
    void this.read(source[Symbol.asyncIterator]());
  }

  /** The leg will not run (a leg before it stopped the run): read no further. */
  cancel(): void {
    this.cancelled = true;
    this.pages.length = 0;
    this.wakeReader?.();
  }

  private async read(pages: AsyncIterator<T[]>): Promise<void> {
    try {
      for (;;) {
        while (this.held >= this.maxRecords && !this.cancelled) await new Promise<void>((resolve) => (this.wakeReader = resolve));
        if (this.cancelled) {
          await pages.return?.();
          return;
        }
        const next = await pages.next();
        if (next.done) return;
        if (this.cancelled) continue;
        this.pages.push(next.value);
        this.held += next.value.length;
        this.wakeTaker?.();
      }
    } catch (error) {
      // Kept for the leg: reading the source failed, as if it had listed now (it stops the leg).
      this.failure = { error };
    } finally {
      this.ended = true;
      this.wakeTaker?.();
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T[]> {
    try {
      for (;;) {
        const page = this.pages.shift();
        if (page) {
          this.held -= page.length;
          this.wakeReader?.();
          yield page;
          continue;
        }
        if (this.failure) throw this.failure.error;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.wakeTaker = resolve));
      }
    } finally {
      // The leg stopped taking (it stopped, or it is done): nothing more is read.
      if (!this.ended) this.cancel();
    }
  }
}
