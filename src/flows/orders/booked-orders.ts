import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';

/**
 * Rackbeat orders leg 1 booked in this run (as Rackbeat answered the booking) or found booked:
 * leg 2, fed each one as soon as leg 1 is done with it (the engine's hand-over), takes it from here
 * instead of reading it again. Taken once: a later look at the same order (a retry, the next run)
 * reads Rackbeat.
 */
export class BookedOrders {
  private readonly orders = new Map<number, RackbeatOrder>();

  add(order: RackbeatOrder): void {
    this.orders.set(order.number, order);
  }

  take(number: number): RackbeatOrder | undefined {
    const order = this.orders.get(number);
    this.orders.delete(number);
    return order;
  }
}
