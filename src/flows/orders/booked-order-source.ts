import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';
import type { LegSource, SourceRecord } from '../../engine/leg.js';
import type { BookedOrders } from './booked-orders.js';
import { ORDER_STEPS } from './steps.js';

/**
 * Where legs 2 and 3 read booked Rackbeat orders: changed since a time, or one by number (taken
 * from what leg 1 handed over when it booked it in this run). Their links point upstream at leg 1's
 * Rackbeat order, and they run alongside leg 1.
 */
export function bookedOrderSource<R extends SourceRecord>(
  rackbeat: RackbeatClient,
  rackbeatInstance: string,
  booked: BookedOrders,
  toRecord: (order: RackbeatOrder) => R,
): LegSource<R> {
  return {
    system: 'rackbeat',
    instance: rackbeatInstance,
    upstreamStep: ORDER_STEPS.rackbeatOrder,
    async *changedSince(since) {
      for await (const page of rackbeat.changedOrders(since, { booked: true })) yield page.map(toRecord);
    },
    async fetchOne(id) {
      const order = booked.take(id) ?? (await rackbeat.order(Number(id)));
      return order && toRecord(order);
    },
    // Rackbeat stamps its orders by its own clock (read from its answers' Date header).
    clockSkewMs: () => rackbeat.http.clockSkewMs(),
  };
}
