import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';

/**
 * Rackbeat orders leg 1 booked in this run (as Rackbeat answered the booking) or found booked:
 * the legs fed each one as soon as leg 1 is done with it (the engine's hand-over: leg 2, and leg 3
 * when fulfilment is on) take it from here instead of reading it again. Taken once by each of
 * `readers`: a later look at the same order (a retry, the next run) reads Rackbeat.
 */
export class BookedOrders {
  private readonly orders = new Map<number, { order: RackbeatOrder; left: number }>();

  constructor(private readonly readers = 1) {}

  add(order: RackbeatOrder): void {
    this.orders.set(order.number, { order, left: this.readers });
  }

  take(number: number): RackbeatOrder | undefined {
    const entry = this.orders.get(number);
    if (entry && --entry.left === 0) this.orders.delete(number);
    return entry?.order;
  }
}
