import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import type { NewRackbeatCustomer, NewRackbeatOrder, RackbeatOrder } from '../../connectors/rackbeat/types.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import { RecordError } from '../../engine/errors.js';
import { docByNumber, type CreateStep, type Leg, type SourceRecord, type StateChangeStep } from '../../engine/leg.js';
import { rackbeatHeading } from '../../mapping/orders/references.js';
import { mapShopOrderToRackbeat, type ShopToRackbeatResult } from '../../mapping/orders/shop-to-rackbeat.js';
import { assertSameNet } from './check-totals.js';
import { translateMissingSku } from './missing-sku.js';
import { allowedStates, type OrdersLegSettings } from './settings.js';

/** A webshop order as leg 1 handles it. Its id is the order number people see (`history --source 1042`). */
export interface ShopOrderRecord extends SourceRecord {
  order: ShopOrder;
}

export const LEG_WEBSHOP_RACKBEAT = 'webshop-rackbeat';

/** Rackbeat may take a while to show an order in search: scan its changes from a day before the shop order. */
const SCAN_MARGIN_MS = 24 * 60 * 60_000;

function toRecord(order: ShopOrder): ShopOrderRecord {
  return { id: order.number, number: order.number, createdAt: order.createdAt, modifiedAt: order.modifiedAt, order };
}

/**
 * Leg 1 of the order flow: webshop orders in an allowed state become Rackbeat orders, booked when
 * `orders.rackbeat.book`. Steps: find or create the customer (keyed by e-mail), create the order
 * (reference: its heading), check its totals against the shop's, book it.
 */
export function webshopToRackbeatLeg(
  webshop: Webshop,
  shopInstance: string,
  rackbeat: RackbeatClient,
  settings: OrdersLegSettings,
): Leg<ShopOrderRecord> {
  const states = allowedStates(settings, webshop.platform);
  const mapping = {
    timezone: settings.timezone,
    shippingProduct: settings.shippingProduct,
    discountProduct: settings.discountProduct,
    feeProduct: settings.feeProduct,
    paymentTermsNumber: settings.rackbeat.paymentTermsNumber,
  };
  const mapped = (record: ShopOrderRecord): Extract<ShopToRackbeatResult, { ok: true }> => {
    const result = mapShopOrderToRackbeat(record.order, mapping);
    if (!result.ok) throw new RecordError(result.message, result.hint);
    return result;
  };

  // Orders this run created (read back by the client), so the totals check needs no second read.
  const created = new Map<string, RackbeatOrder>();

  const customerStep: CreateStep<ShopOrderRecord, NewRackbeatCustomer> = {
    kind: 'create',
    name: 'rackbeat-customer',
    targetSystem: 'rackbeat',
    // Two orders of the same new customer in one run create one customer.
    key: (record) => `email:${record.order.customer.email.trim().toLowerCase()}`,
    reference: (record) => record.order.customer.email.trim(),
    payload: (record) => mapped(record).customer,
    async lookup(email) {
      const customer = await rackbeat.findCustomerByEmail(email);
      return customer && docByNumber(customer.number);
    },
    async create(customer) {
      const created = await rackbeat.createCustomer(customer);
      return docByNumber(created.number);
    },
  };
  const heading = (record: ShopOrderRecord) => rackbeatHeading(record.order.platform, record.order.number);
  const orderStep: CreateStep<ShopOrderRecord, NewRackbeatOrder> = {
    kind: 'create',
    name: 'rackbeat-order',
    targetSystem: 'rackbeat',
    reference: heading,
    payload: (record, done) => ({ ...mapped(record).order, customerNumber: Number(done['rackbeat-customer']?.number) }),
    async lookup(heading, record) {
      // Our Rackbeat order was made after the shop order: its changes start after that.
      const order = await rackbeat.findOrderByHeading(heading, new Date(record.createdAt.getTime() - SCAN_MARGIN_MS));
      return order && docByNumber(order.number);
    },
    async create(order) {
      try {
        const made = (await rackbeat.createDraftOrder(order)).order;
        created.set(String(made.number), made);
        return docByNumber(made.number);
      } catch (error) {
        throw translateMissingSku(error, 'Rackbeat', order.lines.map((line) => line.sku));
      }
    },
    async verify(doc, record) {
      const order = created.get(doc.id) ?? (await rackbeat.order(Number(doc.id)));
      if (!order) throw new RecordError(`Rackbeat order ${doc.id} is gone`, 'it was deleted in Rackbeat after iex-sync made it: look into it there');
      assertSameNet('Rackbeat', order.subtotal, mapped(record).net.shopNetTotal, order.lines.length);
    },
  };
  const bookStep: StateChangeStep<ShopOrderRecord> = {
    kind: 'state-change',
    name: 'rackbeat-book',
    targetSystem: 'rackbeat',
    of: 'rackbeat-order',
    stage: 'booked',
    wanted: () => settings.rackbeat.book,
    async isDone(doc) {
      // An order this run just created is a draft: no need to ask Rackbeat again.
      const order = created.get(doc.id) ?? (await rackbeat.order(Number(doc.id)));
      return order?.isBooked === true;
    },
    async apply(doc) {
      await rackbeat.bookOrder(Number(doc.id));
    },
  };

  return {
    flow: 'orders',
    name: LEG_WEBSHOP_RACKBEAT,
    source: {
      system: webshop.platform,
      instance: shopInstance,
      async *changedSince(since) {
        for await (const page of webshop.changedOrders(since)) yield page.map(toRecord);
      },
      async fetchOne(id) {
        const order = await webshop.orderByNumber(id);
        return order && toRecord(order);
      },
      clockSkewMs: () => webshop.clockSkewMs(),
    },
    skipReason(record) {
      const status = record.order.status.toLowerCase();
      return states.has(status) ? undefined : `status ${status} is not in orders.states`;
    },
    steps: [customerStep, orderStep, bookStep],
  };
}

