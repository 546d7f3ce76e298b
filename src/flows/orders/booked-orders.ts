import type { RackbeatOrder } from '../../connectors/rackbeat/types.js';
import { MadeThisRun } from '../made-this-run.js';

/**
 * Rackbeat orders leg 1 booked in this run (as Rackbeat answered the booking) or found booked, by
 * number: leg 2, and leg 3 when fulfilment is on, take each from here instead of reading it again.
 */
export class BookedOrders extends MadeThisRun<RackbeatOrder> {
  constructor(readers = 1) {
    super((order) => String(order.number), readers);
  }
}
