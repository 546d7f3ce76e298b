import type { RackbeatClient } from '../../connectors/rackbeat/client.js';
import { rackbeatCustomerBody } from '../../connectors/rackbeat/customers.js';
import { rackbeatOrderBody } from '../../connectors/rackbeat/orders.js';
import type { NewRackbeatCustomer, NewRackbeatOrder, RackbeatOrder } from '../../connectors/rackbeat/types.js';
import type { ShopOrder, Webshop } from '../../connectors/webshop.js';
import { RecordError } from '../../engine/errors.js';
import { docByNumber, type CreateStep, type Leg, type SourceRecord, type StateChangeStep } from '../../engine/leg.js';
import { rackbeatHeading } from '../../mapping/orders/references.js';
import { mapShopOrderToRackbeat, type ShopToRackbeatResult } from '../../mapping/orders/shop-to-rackbeat.js';
import type { BookedOrders } from './booked-orders.js';
import { assertSameTotals, rackbeatTotals } from './check-totals.js';
import { goneCustomer } from './gone-customer.js';
import { translateMissingSku } from './missing-sku.js';
import { ORDER_LEGS, ORDER_STEPS } from './steps.js';
import { allowedStates, followsPartlyRefunded, configuredProductKeys, type OrdersLegSettings } from './settings.js';

/** A webshop order as leg 1 handles it. Its id is the order number people see (`history --source 1042`). */
export interface ShopOrderRecord extends SourceRecord {
  order: ShopOrder;
}

/**
 * Our Rackbeat order was made after the shop order, so its changes start after that; a day's margin
 * covers clocks and a Rackbeat time zone set wrong (Rackbeat writes times without a zone).
 */
const SCAN_MARGIN_MS = 24 * 60 * 60_000;

/** A webshop order as leg 1 (and the cancellations leg, acting on leg 1's documents) takes it: its id is its number. */
export function shopOrderRecord(order: ShopOrder): ShopOrderRecord {
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
  booked: BookedOrders,
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

  // Orders as Rackbeat answered them in this run (created, or found by a look-up), so the totals
  // check and the booking need no second read.
  const known = new Map<string, RackbeatOrder>();
  const remember = (order: RackbeatOrder) => {
    known.set(String(order.number), order);
    return docByNumber(order.number);
  };
  // Rackbeat orders by heading, read once a run, for looking a page of shop orders up at once.
  const madeOrders = rackbeat.orderHeadingIndex();
  const configuredProducts = configuredProductKeys(settings);

  const customerStep: CreateStep<ShopOrderRecord, NewRackbeatCustomer> = {
    kind: 'create',
    name: ORDER_STEPS.rackbeatCustomer,
    about: 'customer',
    noun: 'Rackbeat customer',
    targetSystem: 'rackbeat',
    // Two orders of the same new customer in one run create one customer.
    key: (record) => `email:${record.order.customer.email.trim().toLowerCase()}`,
    reference: (record) => record.order.customer.email.trim(),
    payload: (record) => mapped(record).customer,
    body: rackbeatCustomerBody,
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
    name: ORDER_STEPS.rackbeatOrder,
    about: 'order',
    noun: 'Rackbeat order',
    targetSystem: 'rackbeat',
    reference: heading,
    payload: (record, done) => ({ ...mapped(record).order, customerNumber: Number(done[ORDER_STEPS.rackbeatCustomer]?.number) }),
    body: rackbeatOrderBody,
    async lookup(heading, record) {
      // Our Rackbeat order was made after the shop order: its changes start after that.
      const order = await rackbeat.findOrderByHeading(heading, new Date(record.createdAt.getTime() - SCAN_MARGIN_MS));
      return order && remember(order);
    },
    async lookupMany(records) {
      const since = Math.min(...records.map((record) => record.createdAt.getTime())) - SCAN_MARGIN_MS;
      const found = await madeOrders.find(records.map(heading), new Date(since));
      return new Map([...found].map(([text, order]) => [text, remember(order)]));
    },
    async create(order) {
      try {
        return remember((await rackbeat.createDraftOrder(order)).order);
      } catch (error) {
        throw translateMissingSku(error, 'Rackbeat', order.lines.map((line) => line.sku), configuredProducts);
      }
    },
    goneDocument: (error) => goneCustomer(error, ORDER_STEPS.rackbeatCustomer),
    async verify(doc, record) {
      const order = known.get(doc.id) ?? (await rackbeat.order(Number(doc.id)));
      if (!order) throw new RecordError(`Rackbeat order ${doc.id} is gone`, 'it was deleted in Rackbeat after iex-sync made it: look into it there');
      const { net, vat } = mapped(record);
      const shop = record.order.totals;
      assertSameTotals(
        'Rackbeat',
        rackbeatTotals(order),
        { net: net.shopNetTotal, vat: shop.tax, gross: shop.total },
        order.lines.length,
        `Rackbeat's VAT in its ${vat.zone} zone differs from the ${vat.chargedRatePercent} % the shop charged: check the VAT rates of these products' groups in Rackbeat (and its country-specific VAT for ${record.order.billing.country}); the order was not sent further`,
      );
    },
  };
  const bookStep: StateChangeStep<ShopOrderRecord> = {
    kind: 'state-change',
    name: ORDER_STEPS.rackbeatBook,
    about: 'order',
    targetSystem: 'rackbeat',
    of: ORDER_STEPS.rackbeatOrder,
    stage: 'booked',
    wanted: () => settings.rackbeat.book,
    async isDone(doc) {
      // An order this run just created or found: no need to ask Rackbeat again (booking an order
      // booked since is refused and then read, in bookOrder).
      const order = known.get(doc.id) ?? (await rackbeat.order(Number(doc.id)));
      if (order?.isBooked) booked.add(order);
      return order?.isBooked === true;
    },
    async apply(doc) {
      booked.add(await rackbeat.bookOrder(Number(doc.id)));
    },
  };

  return {
    flow: 'orders',
    name: ORDER_LEGS.webshopRackbeat,
    about: 'order',
    source: {
      system: webshop.platform,
      instance: shopInstance,
      async *changedSince(since) {
        for await (const page of webshop.changedOrders(since)) yield page.map(shopOrderRecord);
      },
      async fetchOne(id) {
        const order = await webshop.orderByNumber(id);
        return order && shopOrderRecord(order);
      },
      clockSkewMs: () => webshop.clockSkewMs(),
    },
    skipReason(record) {
      const status = record.order.status.toLowerCase();
      if (!states.has(status)) return `status ${status} is not in orders.states`;
      // A Shopify order cancelled without its money back is still `paid`: cancelled, it never goes.
      return record.order.cancelled ? `cancelled in the webshop (status ${status})` : undefined;
    },
    // Partly refunded after its transfer: what was kept is delivered, the refunds leg credits the rest.
    // Cancelled after it: the cancellations leg deletes what can be deleted and says what cannot.
    followsAfterTransfer: (record) => followsPartlyRefunded(settings, record.order.status) || (record.order.cancelled === true && settings.refunds.mode === 'credit-note'),
    steps: [customerStep, orderStep, bookStep],
  };
}

