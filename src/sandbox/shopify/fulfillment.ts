import { PRIMARY_LOCATION_ID } from './inventory.js';
import type { SimOrder } from './orders.js';

/**
 * Fulfillment orders and fulfillments (Shopify Admin GraphQL, FulfillmentOrder and fulfillmentCreate, Admin API 2026-01 FulfillmentOrder). An
 * order's fulfillment orders come into being with it: one at the primary location holding every
 * line. A fulfillment takes quantities off their `remainingQuantity`; a fulfillment order with some
 * left is IN_PROGRESS, with none CLOSED ([S] REST fulfillment_order statuses). A cancelled order's
 * fulfillment orders are CLOSED with nothing left; ON_HOLD and SCHEDULED ones cannot be fulfilled.
 */
export type FulfillmentOrderStatus = 'OPEN' | 'IN_PROGRESS' | 'CANCELLED' | 'INCOMPLETE' | 'CLOSED' | 'SCHEDULED' | 'ON_HOLD';

export interface SimFulfillmentOrderLine {
  id: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
}

export interface SimFulfillmentOrder {
  id: number;
  orderId: number;
  locationId: number;
  status: FulfillmentOrderStatus;
  lines: SimFulfillmentOrderLine[];
  updatedAt: number;
}

export interface SimFulfillment {
  id: number;
  orderId: number;
  createdAt: number;
  notifyCustomer: boolean;
  tracking: { number: string | null; company: string | null; url: string | null } | null;
  /** Units per order line item. */
  lines: Map<number, number>;
}

/** Can take a fulfillment (FulfillmentOrderAction CREATE_FULFILLMENT). */
export function canFulfil(order: SimFulfillmentOrder): boolean {
  return order.status === 'OPEN' || order.status === 'IN_PROGRESS';
}

export class SimFulfillments {
  private readonly byOrder = new Map<number, { orders: SimFulfillmentOrder[]; fulfillments: SimFulfillment[] }>();
  private readonly ordersById = new Map<number, SimFulfillmentOrder>();
  private nextId = 7_700_000_001;

  /** The order's fulfillment orders, made on first sight from its lines and its seeded status. */
  of(order: SimOrder): SimFulfillmentOrder[] {
    return this.record(order).orders;
  }

  fulfillments(order: SimOrder): SimFulfillment[] {
    return this.record(order).fulfillments;
  }

  byId(id: number): SimFulfillmentOrder | undefined {
    return this.ordersById.get(id);
  }

  /** Units of a line item fulfilled so far. */
  fulfilled(order: SimOrder, lineItemId: number): number {
    return this.fulfillments(order).reduce((sum, fulfillment) => sum + (fulfillment.lines.get(lineItemId) ?? 0), 0);
  }

  /** Takes the quantities (fulfillment order line id → units, already checked) off and records the fulfillment. */
  fulfil(order: SimOrder, take: Array<{ fulfillmentOrder: SimFulfillmentOrder; line: SimFulfillmentOrderLine; quantity: number }>, fulfillment: Omit<SimFulfillment, 'id' | 'orderId' | 'lines'>): SimFulfillment {
    const lines = new Map<number, number>();
    for (const { fulfillmentOrder, line, quantity } of take) {
      line.remainingQuantity -= quantity;
      lines.set(line.lineItemId, (lines.get(line.lineItemId) ?? 0) + quantity);
      fulfillmentOrder.status = fulfillmentOrder.lines.every((candidate) => candidate.remainingQuantity === 0) ? 'CLOSED' : 'IN_PROGRESS';
      fulfillmentOrder.updatedAt = fulfillment.createdAt;
    }
    const made: SimFulfillment = { id: this.nextId++, orderId: order.id, lines, ...fulfillment };
    this.fulfillments(order).push(made);
    return made;
  }

  /** Whether every line is fulfilled (the order shows FULFILLED), some (PARTIALLY_FULFILLED), or none. */
  progress(order: SimOrder): 'none' | 'partial' | 'all' {
    const lines = this.of(order).flatMap((fulfillmentOrder) => fulfillmentOrder.lines);
    const left = lines.reduce((sum, line) => sum + line.remainingQuantity, 0);
    const total = lines.reduce((sum, line) => sum + line.totalQuantity, 0);
    return left === 0 ? 'all' : left === total ? 'none' : 'partial';
  }

  private record(order: SimOrder) {
    let record = this.byOrder.get(order.id);
    if (!record) {
      record = { orders: [this.initial(order)], fulfillments: [] };
      for (const fulfillmentOrder of record.orders) this.ordersById.set(fulfillmentOrder.id, fulfillmentOrder);
      this.byOrder.set(order.id, record);
      if (order.fulfillmentStatus === 'FULFILLED') {
        // Seeded as fulfilled before anyone looked: record it as done then, without tracking.
        const closed = record.orders[0] as SimFulfillmentOrder;
        const lines = new Map(closed.lines.map((line) => [line.lineItemId, line.totalQuantity]));
        record.fulfillments.push({ id: this.nextId++, orderId: order.id, createdAt: order.updatedAt, notifyCustomer: false, tracking: null, lines });
      }
    }
    return record;
  }

  private initial(order: SimOrder): SimFulfillmentOrder {
    const done = order.fulfillmentStatus === 'FULFILLED' || order.financialStatus === 'VOIDED';
    const status: FulfillmentOrderStatus =
      order.financialStatus === 'VOIDED' || order.fulfillmentStatus === 'FULFILLED'
        ? 'CLOSED'
        : order.fulfillmentStatus === 'ON_HOLD'
          ? 'ON_HOLD'
          : order.fulfillmentStatus === 'SCHEDULED'
            ? 'SCHEDULED'
            : 'OPEN';
    return {
      id: this.nextId++,
      orderId: order.id,
      locationId: PRIMARY_LOCATION_ID,
      status,
      lines: order.lines.map((line) => ({ id: this.nextId++, lineItemId: line.id, totalQuantity: line.quantity, remainingQuantity: done ? 0 : line.quantity })),
      updatedAt: order.updatedAt,
    };
  }
}
