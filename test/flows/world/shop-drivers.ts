import { netFromGross, roundHalfUp, toMinor, type Minor } from '../../../src/domain/money.js';
import { CATALOGUE_PRODUCTS, chargesVat, DOMESTIC_VAT_PERCENT, isReverseChargeBuyer, type CatalogueCustomer } from '../../../src/sandbox/catalogue.js';
import type { RunningSimulator } from '../../../src/sandbox/harness/types.js';
import type { SimRestockType } from '../../../src/sandbox/shopify/refunds.js';
import { orderTotals, taxInGross, VAT_RATE, type SimLineItem, type SimAddress } from '../../../src/sandbox/shopify/orders.js';
import { startShopifySimulator } from '../../../src/sandbox/shopify/simulator.js';
import type { ShopifySimState } from '../../../src/sandbox/shopify/state.js';
import { createRefund } from '../../../src/sandbox/woocommerce/refunds.js';
import { placeOrder } from '../../../src/sandbox/woocommerce/seed.js';
import { startWooCommerceSimulator } from '../../../src/sandbox/woocommerce/simulator.js';
import type { WooSimState } from '../../../src/sandbox/woocommerce/state.js';
import type { WebshopPlatform } from '../../../src/connectors/systems.js';

/**
 * One webshop simulator behind the same few controls, so a flow test reads the same for
 * WooCommerce and Shopify: place an order as checkout would, let the buyer pay, and read back
 * what the shop itself says about its orders (status, buyer, totals), independently of our client.
 */
export interface ShopOrderFacts {
  number: string;
  email: string;
  country: string;
  /** In the platform's default `orders.states` (WooCommerce processing/completed, Shopify paid/partially paid). */
  eligible: boolean;
  createdAt: number;
  /** What the shop says the buyer pays, VAT included, and that amount without its VAT. */
  gross: Minor;
  net: Minor;
}

export interface PlaceOrderInput {
  customer: CatalogueCustomer;
  items: { sku: string; quantity: number }[];
  /** Paid (eligible) or still waiting for payment. */
  paid: boolean;
  /** A 10 % coupon on every line. */
  coupon?: boolean;
  /** Creation time in ms (default now); the order is modified now either way. */
  at?: number;
  /** Charge VAT or not, whatever the shop's usual rule for this buyer says (no VAT on exports and reverse charge). */
  chargeVat?: boolean;
}

export interface ShopDriver {
  platform: WebshopPlatform;
  simulator: RunningSimulator;
  /** The `webshop` config section pointing at the simulator. */
  config: Record<string, unknown>;
  orders(): ShopOrderFacts[];
  /** Places an order and returns its number. */
  place(input: PlaceOrderInput): string;
  /** The buyer pays: WooCommerce pending → processing, Shopify pending → paid. */
  markPaid(number: string): void;
  /** A product the shop sells (price net of VAT) that Rackbeat and e-conomic do not know. */
  addProduct(sku: string, name: string, netPrice: Minor): void;
  /** The shop owner edits the order after it was paid: one more of its first line. */
  addUnit(number: string): void;
  /** The order is refunded in full in the shop, by its status (WooCommerce `refunded`, Shopify `REFUNDED`), without refund lines. */
  cancel(number: string): void;
  /**
   * The shop owner cancels the order, without a refund (WooCommerce status `cancelled`; Shopify
   * `orderCancel` over its API, resolved once its job has run).
   */
  cancelOrder(number: string): Promise<void>;
  /**
   * The shop owner refunds units of the order's lines (by SKU) and, with `shipping`, its shipping, as
   * the admin does (WooCommerce's refund; Shopify's `refundCreate` over its API); returns what the
   * shop says was refunded, gross. `restockType` is Shopify's per line (default NO_RESTOCK); WooCommerce has none to keep.
   */
  refund(number: string, refund: { lines: { sku: string; quantity: number; restockType?: SimRestockType }[]; shipping?: boolean }): Promise<Minor>;
  /** The order's SKUs and quantities, as placed. */
  lines(number: string): { sku: string; quantity: number }[];
  /** From now on the shop's clock, which stamps its orders and dates its answers, runs this far from ours (negative: behind). */
  setClockOffset(ms: number): void;
}

/** A driver that also hands out its simulator's state, for the few tests about one platform's quirks. */
export interface WooCommerceDriver extends ShopDriver {
  platform: 'woocommerce';
  state: WooSimState;
}

export interface ShopifyDriver extends ShopDriver {
  platform: 'shopify';
  state: ShopifySimState;
}

export interface ShopOptions {
  /** Orders seeded at start, the last an hour ago (every status, returning customers, coupons, fees, exports). */
  orders: number;
  /** Seconds between seeded orders. */
  orderSpacingSeconds: number;
  /** Added to every answer. */
  latencyMs: number;
}

const COUPON_PERCENT = 10;
/** The shop owner's own calls: named ShopAdmin… so a run's write count leaves them out (writes.ts). */
const REFUND_CREATE = `mutation ShopAdminRefund($input: RefundInput!, $key: String!) { refundCreate(input: $input) @idempotent(key: $key) {
  refund { totalRefundedSet { shopMoney { amount } } } userErrors { field message } } }`;
const ORDER_CANCEL = `mutation ShopAdminCancel($orderId: ID!) { orderCancel(orderId: $orderId, reason: CUSTOMER, restock: true, notifyCustomer: false) {
  job { id } orderCancelUserErrors { code field message } } }`;
const JOB_DONE = `query ($id: ID!) { job(id: $id) { done } }`;
/**
 * Points Shopify's cost bucket restores a second: 100 × the Standard plan's 100, as Rackbeat's limit
 * is raised, so a test of many runs in a row does not wait on it (the client adopts `restoreRate`
 * from every answer's throttleStatus). The Shopify client's own tests keep the real rate.
 */
const RESTORE_RATE = 10_000;

/** The shop simulator of `platform`, behind its driver. */
export function startShop(platform: WebshopPlatform, options: ShopOptions): Promise<WooCommerceDriver | ShopifyDriver> {
  return platform === 'woocommerce' ? wooCommerceDriver(options) : shopifyDriver(options);
}

async function wooCommerceDriver(options: ShopOptions): Promise<WooCommerceDriver> {
  const { simulator, state, config } = await startWooCommerceSimulator(options);
  const byNumber = (number: string) => {
    const order = [...state.orders.values()].find((candidate) => candidate.number === number);
    if (!order) throw new Error(`no WooCommerce order ${number}`);
    return order;
  };
  return {
    platform: 'woocommerce',
    simulator,
    state,
    config,
    orders: () =>
      [...state.orders.values()].map((order) => {
        const shown = state.renderOrder(order);
        const gross = toMinor(shown.total);
        return {
          number: order.number,
          email: order.billing.email,
          country: order.billing.country,
          eligible: order.status === 'processing' || order.status === 'completed',
          createdAt: order.createdAt,
          gross,
          net: (gross - toMinor(shown.total_tax)) as Minor,
        };
      }),
    place: (input) =>
      placeOrder(state, {
        customer: input.customer,
        items: input.items,
        status: input.paid ? 'processing' : 'pending',
        createdAt: input.at ?? state.shopNow(),
        modifiedAt: state.shopNow(),
        coupon: input.coupon ? { code: 'welcome10', percent: COUPON_PERCENT } : undefined,
        chargeVat: input.chargeVat,
      }).number,
    markPaid: (number) => {
      state.modifyOrder(byNumber(number).id, { status: 'processing' });
    },
    addUnit: (number) => {
      const order = byNumber(number);
      order.lines[0]!.quantity += 1;
      state.modifyOrder(order.id);
    },
    cancel: (number) => {
      state.modifyOrder(byNumber(number).id, { status: 'refunded' });
    },
    cancelOrder: async (number) => {
      state.modifyOrder(byNumber(number).id, { status: 'cancelled' });
    },
    refund: async (number, refund) => {
      const order = byNumber(number);
      const items = state.renderOrder(order).line_items;
      const lines = refund.lines.map(({ sku, quantity }) => {
        const item = items.find((candidate) => candidate.sku === sku);
        if (!item) throw new Error(`WooCommerce order ${number} has no line ${sku}`);
        return { itemId: item.id, quantity };
      });
      return toMinor(createRefund(state, order.id, { lines, shipping: refund.shipping }).amount);
    },
    lines: (number) => state.renderOrder(byNumber(number)).line_items.map((item) => ({ sku: item.sku ?? '', quantity: item.quantity })),
    addProduct: (sku, name, netPrice) => {
      const at = state.shopNow();
      const price = state.settings.pricesIncludeTax ? roundHalfUp((netPrice * (100 + state.settings.baseRatePercent)) / 100) : netPrice;
      const id = state.newPostId();
      state.products.set(id, {
        id, name, type: 'simple', status: 'publish', sku, price, manageStock: false, stockQuantity: null,
        backorders: 'no', variationIds: [], createdAt: at, modifiedAt: at,
      });
    },
    setClockOffset: (ms) => state.setClockOffset(ms),
  };
}

async function shopifyDriver(options: ShopOptions): Promise<ShopifyDriver> {
  let clockOffsetMs = 0;
  const { simulator, state, config } = await startShopifySimulator({ latencyMs: options.latencyMs, restoreRate: RESTORE_RATE, now: () => Date.now() + clockOffsetMs });
  if (options.orders > 0) state.addOrders(options.orders, { spacingSeconds: options.orderSpacingSeconds });
  const extraProducts = new Map<string, { name: string; netPrice: Minor }>();
  let refundKeys = 0;
  /** One Admin API call, as the shop's admin (or an app of its owner) makes it. */
  const admin = async (query: string, variables: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const response = await fetch(`${config.url}/admin/api/${config.apiVersion}/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': config.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> | null; errors?: unknown };
    if (!body.data || body.errors) throw new Error(`Shopify's admin API answered ${response.status}: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const customerIds = new Map<string, number>();
  const byNumber = (number: string) => {
    const order = [...state.orders.values()].find((candidate) => String(candidate.number) === number);
    if (!order) throw new Error(`no Shopify order ${number}`);
    return order;
  };
  const product = (sku: string) => {
    const found = CATALOGUE_PRODUCTS.find((candidate) => candidate.sku === sku) ?? extraProducts.get(sku);
    if (!found) throw new Error(`the Shopify simulator sells no SKU ${sku}`);
    return found;
  };
  return {
    platform: 'shopify',
    simulator,
    state,
    config,
    orders: () =>
      [...state.orders.values()].map((order) => {
        const totals = orderTotals(order);
        return {
          number: String(order.number),
          email: order.email,
          country: order.billing.countryCode,
          eligible: order.financialStatus === 'PAID' || order.financialStatus === 'PARTIALLY_PAID',
          createdAt: order.createdAt,
          gross: totals.total,
          net: (totals.total - totals.tax) as Minor,
        };
      }),
    place: (input) => {
      const now = Math.floor(state.now() / 1000) * 1000;
      const [order] = state.addOrders(1, {
        startAt: input.at ?? now,
        lineCount: input.items.length,
        financialStatus: input.paid ? 'PAID' : 'PENDING',
      });
      if (!order) throw new Error('the Shopify simulator added no order');
      // The seeded order is rewritten to this checkout: its buyer, lines (prices incl. 25 % VAT, or
      // net for an export or a reverse-charge business, which Shopify does not tax) and coupon.
      const taxed = input.chargeVat ?? chargesVat(input.customer);
      const [firstName = '', ...rest] = input.customer.name.split(' ');
      const address: SimAddress = {
        firstName, lastName: rest.join(' '), company: input.customer.company ?? null,
        address1: input.customer.address, city: input.customer.city, zip: input.customer.postcode, countryCode: input.customer.country,
      };
      let customerId = customerIds.get(input.customer.email);
      if (customerId === undefined) customerIds.set(input.customer.email, (customerId = 7_390_000_001 + customerIds.size));
      order.email = input.customer.email;
      order.customer = { id: customerId, firstName, lastName: address.lastName, email: input.customer.email, taxExemptions: [] };
      // A buyer with a VAT number checks out as a B2B company location carrying it (Shopify's only VAT-number field).
      order.company = input.customer.vatNumber
        ? {
            id: customerId, name: input.customer.company ?? input.customer.name, locationId: customerId, locationName: input.customer.city,
            taxRegistrationId: input.customer.vatNumber, taxExempt: isReverseChargeBuyer(input.customer),
            taxExemptions: isReverseChargeBuyer(input.customer) ? ['EU_REVERSE_CHARGE_EXEMPTION_RULE'] : [],
          }
        : null;
      order.vatRatePercent = taxed ? DOMESTIC_VAT_PERCENT : 0;
      order.billing = address;
      order.shipping = address;
      order.lines = input.items.map(({ sku, quantity }, index): SimLineItem => {
        const { name, netPrice } = product(sku);
        const unitPrice = taxed ? roundHalfUp(netPrice * (1 + VAT_RATE)) : netPrice;
        const discount = input.coupon ? roundHalfUp((unitPrice * quantity * COUPON_PERCENT) / 100) : (0 as Minor);
        const tax = taxed ? taxInGross(unitPrice * quantity - discount) : (0 as Minor);
        return { id: order.lines[index]?.id ?? order.id * 10 + index, sku, title: name, quantity, unitPrice, discount, tax };
      });
      if (!taxed) order.shippingLines = order.shippingLines.map((line) => ({ ...line, price: netFromGross(line.price, DOMESTIC_VAT_PERCENT), tax: 0 as Minor }));
      order.discountCodes = input.coupon ? ['WELCOME10'] : [];
      order.updatedAt = Math.max(now, order.createdAt);
      return String(order.number);
    },
    markPaid: (number) => {
      state.updateOrder(byNumber(number).id, (order) => {
        order.financialStatus = 'PAID';
      });
    },
    addUnit: (number) => {
      state.updateOrder(byNumber(number).id, (order) => {
        const line = order.lines[0]!;
        const unitPrice = line.unitPrice;
        line.quantity += 1;
        line.tax = taxInGross(unitPrice * line.quantity - line.discount);
      });
    },
    cancel: (number) => {
      state.updateOrder(byNumber(number).id, (order) => {
        order.financialStatus = 'REFUNDED';
      });
    },
    cancelOrder: async (number) => {
      const orderId = `gid://shopify/Order/${byNumber(number).id}`;
      const { orderCancel } = await admin(ORDER_CANCEL, { orderId });
      const { job, orderCancelUserErrors } = orderCancel as { job: { id: string } | null; orderCancelUserErrors: unknown[] };
      if (!job) throw new Error(`Shopify refused to cancel order ${number}: ${JSON.stringify(orderCancelUserErrors)}`);
      // Cancelling is a job: the admin shows the order cancelled once it is done.
      for (let polls = 0; !((await admin(JOB_DONE, { id: job.id })).job as { done: boolean }).done; polls += 1) {
        if (polls >= 10) throw new Error(`Shopify's cancel job for order ${number} is not done`);
      }
    },
    refund: async (number, refund) => {
      const order = byNumber(number);
      const refundLineItems = refund.lines.map(({ sku, quantity, restockType }) => {
        const line = order.lines.find((candidate) => candidate.sku === sku);
        if (!line) throw new Error(`Shopify order ${number} has no line ${sku}`);
        return { lineItemId: `gid://shopify/LineItem/${line.id}`, quantity, restockType: restockType ?? 'NO_RESTOCK' };
      });
      const input = { orderId: `gid://shopify/Order/${order.id}`, refundLineItems, ...(refund.shipping ? { shipping: { fullRefund: true } } : {}) };
      refundKeys += 1;
      const { refundCreate } = await admin(REFUND_CREATE, { input, key: `shop-driver-refund-${refundKeys}` });
      const { refund: made, userErrors } = refundCreate as { refund: { totalRefundedSet: { shopMoney: { amount: string } } } | null; userErrors: unknown[] };
      if (!made) throw new Error(`Shopify refused the refund of order ${number}: ${JSON.stringify(userErrors)}`);
      return toMinor(made.totalRefundedSet.shopMoney.amount);
    },
    lines: (number) => byNumber(number).lines.map((line) => ({ sku: line.sku ?? '', quantity: line.quantity })),
    addProduct: (sku, name, netPrice) => {
      extraProducts.set(sku, { name, netPrice });
    },
    setClockOffset: (ms) => {
      clockOffsetMs = ms;
    },
  };
}
