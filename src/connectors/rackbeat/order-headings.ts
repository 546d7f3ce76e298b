import type { RackbeatOrder } from './types.js';

/**
 * Rackbeat orders by their exact `heading` (our deterministic reference), for looking a page of
 * webshop orders up at once. Rackbeat has no filter on `heading` and its `search` coverage of it is
 * unconfirmed (Rackbeat API docs, "Filtering"), so the orders changed since a time are read through
 * once and remembered; a later question about an earlier time reads again from then. Orders made
 * after the read are this run's own, which their links already name.
 */
export class OrderHeadingIndex {
  private scannedFrom: Date | undefined;
  private readonly byHeading = new Map<string, RackbeatOrder>();

  constructor(private readonly scan: (since: Date) => AsyncIterable<RackbeatOrder[]>) {}

  /** The orders carrying these headings, by heading (the lowest number when, against every rule, there are several). */
  async find(headings: readonly string[], since: Date): Promise<Map<string, RackbeatOrder>> {
    if (this.scannedFrom === undefined || since.getTime() < this.scannedFrom.getTime()) {
      for await (const page of this.scan(since)) page.forEach((order) => this.remember(order));
      this.scannedFrom = since;
    }
    const found = new Map<string, RackbeatOrder>();
    for (const heading of headings) {
      const order = this.byHeading.get(heading.trim());
      if (order) found.set(heading, order);
    }
    return found;
  }

  private remember(order: RackbeatOrder): void {
    const heading = order.heading?.trim();
    if (!heading) return;
    const known = this.byHeading.get(heading);
    if (!known || order.number < known.number) this.byHeading.set(heading, order);
  }
}
