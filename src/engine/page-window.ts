/**
 * At most `size` pages of records running at once: the next page is read while this one runs (no
 * pause at every page boundary), and no further ahead, so memory stays flat however long the list.
 */
export class PageWindow {
  private readonly running: Array<Promise<unknown>> = [];

  constructor(private readonly size: number) {}

  /** Adds a page's work; waits while `size` pages are running. */
  async add(page: Promise<unknown>): Promise<void> {
    this.running.push(page);
    while (this.running.length >= this.size) await this.running.shift();
  }

  async drain(): Promise<void> {
    while (this.running.length > 0) await this.running.shift();
  }
}
