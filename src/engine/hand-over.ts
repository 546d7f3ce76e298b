/**
 * What one leg hands the next while both run (design: a flow is legs, one per hop): the documents
 * it finished this run (Rackbeat orders leg 1 made and booked) become the next leg's records at
 * once, so the next system works while the first is still busy. They come in batches, so the next
 * leg can look a batch up at once (protocol step 5): a batch goes when it is full, when its first
 * document has waited `lingerMs`, or when the handing leg is done. Twenty to a batch is what one
 * batched look-up takes on the strictest system (e-conomic's `$or` filter, kept short) and still
 * starts the next leg early. Nothing here promises that a document goes on: the next leg's own
 * cursor pass afterwards finds every one of them again.
 */
export class HandOver {
  private waiting: string[] = [];
  private firstWaitingAt: number | undefined;
  private closed = false;
  private wake: (() => void) | undefined;

  constructor(
    /** The handing leg's step whose documents these are (`rackbeat-order`). */
    readonly step: string,
    /** Documents a batch (the next leg works a whole batch at once: run-leg.ts). */
    readonly batchSize = 20,
    private readonly lingerMs = 5_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(id: string): void {
    if (this.closed) return;
    this.waiting.push(id);
    this.firstWaitingAt ??= this.now();
    // The first one starts the linger; a full batch goes at once.
    if (this.waiting.length === 1 || this.waiting.length >= this.batchSize) this.wake?.();
  }

  /** The handing leg is done: what waits goes at once, and the batches end. */
  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *batches(): AsyncIterable<string[]> {
    for (;;) {
      const waitedMs = this.firstWaitingAt === undefined ? 0 : this.now() - this.firstWaitingAt;
      const due = this.waiting.length >= this.batchSize || (this.waiting.length > 0 && (this.closed || waitedMs >= this.lingerMs));
      if (due) {
        const batch = this.waiting.splice(0, this.batchSize);
        this.firstWaitingAt = this.waiting.length > 0 ? this.now() : undefined;
        yield batch;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => {
        const timer = this.waiting.length > 0 ? setTimeout(resolve, this.lingerMs - waitedMs) : undefined;
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }
}
