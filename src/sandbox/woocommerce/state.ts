import { formatMinor, type Minor } from '../../domain/money.js';
import { formatWooGmtDate } from '../../connectors/woocommerce/dates.js';
import type { WooAddress, WooBillingAddress, WooOrder, WooOrderStatus, WooRefund } from '../../connectors/woocommerce/types.js';
import { orderAmounts, type OrderAmounts } from './order-totals.js';
import { encodeEntities } from './texturise.js';
import type { NewSimProduct, SimProduct, SimVariation } from './products.js';

/**
 * The WooCommerce simulator's shop: products, variations, orders and notes in memory, with the
 * shop's own clock (tests can set it behind ours) and controls tests use to change things the way
 * a shop owner or a customer would. Times are kept in whole seconds, as WordPress stores them.
 */
export interface SimOrderLine {
  productId: number;
  variationId: number;
  /** The name at the time of sale. */
  name: string;
  parentName: string | null;
  quantity: number;
  unitPrice: Minor;
}

export interface SimOrder {
  id: number;
  number: string;
  status: WooOrderStatus | 'trash';
  currency: string;
  pricesIncludeTax: boolean;
  createdAt: number;
  modifiedAt: number;
  paidAt: number | null;
  completedAt: number | null;
  customerId: number;
  billing: WooBillingAddress;
  shipping: WooAddress;
  lines: SimOrderLine[];
  shippingMethod: { id: string; title: string; net: Minor } | undefined;
  fee: { name: string; net: Minor } | undefined;
  coupon: { code: string; percent: number } | undefined;
  ratePercent: number;
  /** Order meta as plugins leave it (the EU VAT plugins' VAT number, `is_vat_exempt`). */
  meta: Array<{ key: string; value: string }>;
  paymentMethod: string;
  paymentMethodTitle: string;
  customerNote: string;
}

export interface SimNote {
  id: number;
  note: string;
  customerNote: boolean;
  createdAt: number;
}

export interface WooSimSettings {
  /** Site-local time = GMT + this (WordPress `gmt_offset`); the non-`_gmt` dates use it. */
  utcOffsetMinutes: number;
  pricesIncludeTax: boolean;
  currency: string;
  baseRatePercent: number;
  /** Our clock in ms; the shop's clock is this plus the offset tests set. */
  now: () => number;
}

const PAID_STATUSES: ReadonlySet<WooOrderStatus> = new Set(['processing', 'completed', 'refunded']);

export class WooSimState {
  readonly products = new Map<number, SimProduct>();
  readonly variations = new Map<number, SimVariation>();
  readonly orders = new Map<number, SimOrder>();
  readonly notes = new Map<number, SimNote[]>();
  /** Refunds by order id, oldest first (refunds.ts). */
  readonly refunds = new Map<number, WooRefund[]>();
  private clockOffsetMs = 0;
  // WordPress shares one id sequence between posts of every type.
  private nextPostId = 10;

  constructor(readonly settings: WooSimSettings) {}

  /** The shop's clock in ms, cut to whole seconds. */
  shopNow(): number {
    return Math.floor((this.settings.now() + this.clockOffsetMs) / 1000) * 1000;
  }

  /** Puts the shop's clock this many ms ahead of ours (negative: behind). */
  setClockOffset(ms: number): void {
    this.clockOffsetMs = ms;
  }

  newPostId(): number {
    return this.nextPostId++;
  }

  /** Adds an order as checkout would; `number` defaults to the id, as in a shop without a numbering plugin. */
  addOrder(order: Omit<SimOrder, 'id' | 'number'> & { number?: string }): SimOrder {
    const id = this.newPostId();
    const stored: SimOrder = { ...order, id, number: order.number ?? String(id) };
    this.orders.set(id, stored);
    return stored;
  }

  /**
   * Test control: changes an order as the shop owner would (status, note), bumping its modified time
   * to the shop's now, which moves it to the end of a `orderby=modified` listing.
   */
  modifyOrder(id: number, change: { status?: WooOrderStatus; customerNote?: string } = {}): SimOrder {
    const order = this.orders.get(id);
    if (!order) throw new Error(`no order ${id} in the WooCommerce simulator`);
    const now = this.shopNow();
    if (change.status !== undefined && change.status !== order.status) {
      order.status = change.status;
      if (PAID_STATUSES.has(change.status) && order.paidAt === null) order.paidAt = now;
      if (change.status === 'completed') order.completedAt = now;
    }
    if (change.customerNote !== undefined) order.customerNote = change.customerNote;
    order.modifiedAt = now;
    return order;
  }

  /**
   * Test control: the shop owner adds a product, with variations when given (then a variable
   * product whose variations keep their own stock unless `manageStock: 'parent'`), at the shop's now.
   */
  addProduct(input: NewSimProduct): SimProduct {
    const at = input.at === undefined ? this.shopNow() : Math.floor(input.at / 1000) * 1000;
    const variable = input.variations !== undefined;
    const product: SimProduct = {
      id: this.newPostId(),
      name: input.name,
      type: variable ? 'variable' : 'simple',
      status: input.status ?? 'publish',
      sku: input.sku ?? '',
      globalUniqueId: input.globalUniqueId,
      price: input.price,
      manageStock: input.manageStock ?? input.stockQuantity !== undefined,
      stockQuantity: input.stockQuantity ?? null,
      backorders: 'no',
      variationIds: [],
      createdAt: at,
      modifiedAt: at,
    };
    this.products.set(product.id, product);
    for (const spec of input.variations ?? []) {
      const variation: SimVariation = {
        id: this.newPostId(),
        parentId: product.id,
        status: spec.status ?? 'publish',
        attributes: spec.attributes,
        sku: spec.sku,
        price: spec.price,
        manageStock: spec.manageStock ?? spec.stockQuantity !== undefined,
        stockQuantity: spec.stockQuantity ?? null,
        backorders: 'no',
        createdAt: at,
        modifiedAt: at,
      };
      this.variations.set(variation.id, variation);
      product.variationIds.push(variation.id);
    }
    return product;
  }

  /** Test control: the shop owner edits a product (name, price, status); its modified time moves to the shop's now. */
  modifyProduct(id: number, change: (product: SimProduct) => void = () => undefined): SimProduct {
    return this.modify(this.products.get(id), `product ${id}`, change);
  }

  /** Test control: the shop owner edits a variation; only its own modified time moves ([U] the parent's stays). */
  modifyVariation(id: number, change: (variation: SimVariation) => void = () => undefined): SimVariation {
    return this.modify(this.variations.get(id), `variation ${id}`, change);
  }

  private modify<T extends { modifiedAt: number }>(record: T | undefined, what: string, change: (record: T) => void): T {
    if (!record) throw new Error(`no ${what} in the WooCommerce simulator`);
    change(record);
    record.modifiedAt = this.shopNow();
    return record;
  }

  /** Test control: the shop owner edits a SKU; order lines then show the new one (WooCommerce REST API docs, Orders). */
  setSku(productOrVariationId: number, sku: string): void {
    const item = this.products.get(productOrVariationId) ?? this.variations.get(productOrVariationId);
    if (!item) throw new Error(`no product or variation ${productOrVariationId}`);
    item.sku = sku;
    item.modifiedAt = this.shopNow();
  }

  /** Test control: deletes a product for good; order lines then show `sku: null` (WooCommerce REST API docs, Orders). */
  deleteProduct(id: number): void {
    const product = this.products.get(id);
    for (const variationId of product?.variationIds ?? []) this.variations.delete(variationId);
    this.products.delete(id);
    this.variations.delete(id);
  }

  /** The product or variation with this SKU, as WooCommerce's unique-SKU lookup finds it. */
  findBySku(sku: string): SimProduct | SimVariation | undefined {
    if (sku === '') return undefined;
    for (const product of this.products.values()) if (product.sku === sku && product.status !== 'trash') return product;
    for (const variation of this.variations.values()) if (variation.sku === sku) return variation;
    return undefined;
  }

  gmt(ms: number): string {
    return formatWooGmtDate(ms);
  }

  local(ms: number): string {
    return formatWooGmtDate(ms + this.settings.utcOffsetMinutes * 60_000);
  }

  renderOrder(order: SimOrder): WooOrder {
    const amounts = this.amountsOf(order);
    const taxed = order.ratePercent > 0;
    const taxRef = (amount: Minor): { id: number; total: string; subtotal: string }[] =>
      taxed ? [{ id: 1, total: formatMinor(amount), subtotal: formatMinor(amount) }] : [];
    // Item ids are unique per shop: derived from the order id (at most 89 lines per order here).
    const itemId = (index: number): number => order.id * 100 + index;
    const date = (ms: number | null): string | null => (ms === null ? null : this.local(ms));
    const dateGmt = (ms: number | null): string | null => (ms === null ? null : this.gmt(ms));
    return {
      id: order.id,
      parent_id: 0,
      number: order.number,
      order_key: `wc_order_sim${order.id}`,
      created_via: 'checkout',
      version: '9.9.0',
      status: order.status,
      currency: order.currency,
      date_created: this.local(order.createdAt),
      date_created_gmt: this.gmt(order.createdAt),
      date_modified: this.local(order.modifiedAt),
      date_modified_gmt: this.gmt(order.modifiedAt),
      date_paid: date(order.paidAt),
      date_paid_gmt: dateGmt(order.paidAt),
      date_completed: date(order.completedAt),
      date_completed_gmt: dateGmt(order.completedAt),
      discount_total: formatMinor(amounts.discount),
      discount_tax: formatMinor(amounts.discountTax),
      shipping_total: formatMinor(amounts.shipping),
      shipping_tax: formatMinor(amounts.shippingTax),
      cart_tax: formatMinor(amounts.cartTax),
      total: formatMinor(amounts.total),
      total_tax: formatMinor(amounts.totalTax),
      prices_include_tax: order.pricesIncludeTax,
      customer_id: order.customerId,
      customer_note: order.customerNote,
      payment_method: order.paymentMethod,
      payment_method_title: order.paymentMethodTitle,
      transaction_id: '',
      billing: { ...order.billing },
      shipping: { ...order.shipping },
      line_items: order.lines.map((line, index) => {
        const money = amounts.lines[index]!;
        return {
          id: itemId(index + 1),
          name: encodeEntities(line.name),
          parent_name: line.parentName,
          product_id: line.productId,
          variation_id: line.variationId,
          quantity: line.quantity,
          tax_class: '',
          subtotal: formatMinor(money.subtotal),
          subtotal_tax: formatMinor(money.subtotalTax),
          total: formatMinor(money.total),
          total_tax: formatMinor(money.totalTax),
          taxes: taxRef(money.totalTax),
          meta_data: [],
          sku: this.currentSku(line),
          // A number, total / quantity: after discounts, excluding tax (WooCommerce REST API docs, Orders).
          price: money.total / 100 / line.quantity,
        };
      }),
      tax_lines: taxed
        ? [
            {
              id: itemId(93),
              rate_code: 'DK-MOMS-1',
              rate_id: 1,
              label: 'Moms',
              compound: false,
              tax_total: formatMinor(amounts.cartTax),
              shipping_tax_total: formatMinor(amounts.shippingTax),
              rate_percent: order.ratePercent,
              meta_data: [],
            },
          ]
        : [],
      shipping_lines: order.shippingMethod
        ? [
            {
              id: itemId(90),
              method_title: order.shippingMethod.title,
              method_id: order.shippingMethod.id,
              instance_id: '1',
              total: formatMinor(amounts.shipping),
              total_tax: formatMinor(amounts.shippingTax),
              taxes: taxRef(amounts.shippingTax),
              meta_data: [],
            },
          ]
        : [],
      fee_lines: order.fee
        ? [
            {
              id: itemId(91),
              name: order.fee.name,
              tax_class: '',
              tax_status: taxed ? 'taxable' : 'none',
              total: formatMinor(amounts.fee),
              total_tax: formatMinor(amounts.feeTax),
              taxes: taxRef(amounts.feeTax),
              meta_data: [],
            },
          ]
        : [],
      coupon_lines: order.coupon
        ? [
            {
              id: itemId(92),
              code: order.coupon.code,
              discount: formatMinor(amounts.discount),
              discount_tax: formatMinor(amounts.discountTax),
              meta_data: [],
            },
          ]
        : [],
      refunds: this.refundsOf(order).map((refund) => ({ id: refund.id, reason: refund.reason, total: `-${refund.amount}` })),
      meta_data: order.meta.map((entry, index) => ({ id: order.id * 100 + 70 + index, ...entry })),
    };
  }

  /**
   * The order's refunds. An order set to `refunded` by hand has one for the whole amount, without
   * lines ("Order fully refunded.", `wc_order_fully_refunded`), as WooCommerce makes it.
   */
  refundsOf(order: SimOrder): WooRefund[] {
    const stored = this.refunds.get(order.id);
    if (stored !== undefined || order.status !== 'refunded') return stored ?? [];
    const total = this.amountsOf(order).total;
    return [{ id: order.id * 100 + 94, date_created_gmt: this.gmt(order.modifiedAt), amount: formatMinor(total), reason: 'Order fully refunded.', line_items: [], shipping_lines: [] }];
  }

  private amountsOf(order: SimOrder): OrderAmounts {
    return orderAmounts({
      lines: order.lines,
      pricesIncludeTax: order.pricesIncludeTax,
      baseRatePercent: this.settings.baseRatePercent,
      ratePercent: order.ratePercent,
      couponPercent: order.coupon?.percent ?? 0,
      shippingNet: order.shippingMethod?.net ?? (0 as Minor),
      feeNet: order.fee?.net ?? (0 as Minor),
    });
  }

  /** Order lines read the product's current SKU; null once the product is gone (WooCommerce REST API docs, Orders). */
  private currentSku(line: SimOrderLine): string | null {
    const item = line.variationId > 0 ? this.variations.get(line.variationId) : this.products.get(line.productId);
    return item ? item.sku : null;
  }
}
