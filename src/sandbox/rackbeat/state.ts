import { formatRackbeatDate } from '../../connectors/rackbeat/timestamps.js';
import { roundHalfUp, type Minor } from '../../domain/money.js';
import { SimAdjustments } from './adjustments.js';
import { SimLocations } from './locations.js';
import { SimValidationError } from './validation.js';
import type {
  SimAddress,
  SimCustomer,
  SimOrder,
  SimOrderLine,
  SimPaymentTerms,
  SimProduct,
  SimProductGroup,
  SimShipment,
  VatZone,
} from './records.js';

/** Behaviours Rackbeat's docs leave open: each a setting with the likeliest default. */
export interface RackbeatSimSettings {
  /** Zone the simulator's zoneless timestamps are written in (the account's zone). */
  timeZone: string;
  /** `plain` = `2025-02-10 05:13:05` (current docs, webhooks); `iso` = `2025-02-10T05:13:05+01:00` (2020 SDK). */
  timestampFormat: 'plain' | 'iso';
  /** Whether plain `POST /orders` books at once (not documented either way; default: booked). */
  plainPostBooks: boolean;
  /** Whether `line_price`/`discount_percentage` sent on create are kept (not documented). */
  linePricesKept: boolean;
  /**
   * Whether the answers to creating and booking an order carry the whole order, lines and totals
   * included (`{"order": {...}}` per the Rackbeat API docs; a production integration reads only its
   * `number`), or only its number and `self`.
   */
  orderAnswersWhole: boolean;
  /** Whether `search` on /orders looks at `heading` (not documented). */
  searchCoversHeading: boolean;
  /** Whether stock moves bump the product's `updated_at` (not documented either way). */
  stockMovesTouchProducts: boolean;
  /** Add Laravel's `message` next to `errors` in 422 bodies (the Rackbeat API docs' example shows only `errors`). */
  validationMessage: boolean;
}

export const DEFAULT_RACKBEAT_SIM_SETTINGS: RackbeatSimSettings = {
  timeZone: 'Europe/Copenhagen',
  timestampFormat: 'plain',
  plainPostBooks: true,
  linePricesKept: true,
  orderAnswersWhole: true,
  searchCoversHeading: true,
  stockMovesTouchProducts: true,
  validationMessage: false,
};

export interface SimOrderLineInput {
  sku: string;
  quantity: number;
  name?: string | undefined;
  unitPrice?: Minor | undefined;
  discountPercent?: number | undefined;
}

export interface SimOrderInput {
  customerNumber: number;
  heading?: string | undefined;
  note?: string | undefined;
  currency?: string | undefined;
  vatZone?: VatZone | undefined;
  orderDate?: string | undefined;
  paymentTermsNumber?: number | undefined;
  billingAddress?: Partial<SimAddress> | undefined;
  deliveryAddress?: Partial<SimAddress> | undefined;
  lines: SimOrderLineInput[];
}

/** A shipment's content when it is not everything left: units per order line, and its tracking number. */
export interface ShipmentOptions {
  lines?: Array<{ lineId: number; quantity: number }> | undefined;
  trackingNumber?: string | undefined;
}

export type SimProductInput = Omit<SimProduct, 'id' | 'createdAt' | 'updatedAt' | 'inOrderQuantity'>;
export type SimCustomerInput = Omit<SimCustomer, 'number' | 'createdAt' | 'updatedAt'>;
export type SimProductGroupInput = Omit<SimProductGroup, 'createdAt' | 'updatedAt'>;

const START_ORDER_NUMBER = 5001;
const START_CUSTOMER_NUMBER = 1001;

/**
 * The simulated Rackbeat account: its records, the order state machine
 * (draft → booked → shipped → invoiced) with stock moving along, and the
 * in-process controls tests use ("a person books this order", "time passes").
 */
export class RackbeatSimState {
  readonly settings: RackbeatSimSettings;
  readonly account = { id: 81_234, companyName: 'Sandbox Trading ApS (simulated)' };
  /** Apps installed on the account (`/user-account-plugins`): none, unless a test installs Rackbeat's own e-conomic app. */
  readonly installedApps: Array<{ id: number; slug: string; name: string }> = [];
  readonly paymentTerms = new Map<number, SimPaymentTerms>();
  readonly productGroups = new Map<number, SimProductGroup>();
  readonly products = new Map<string, SimProduct>();
  readonly customers = new Map<number, SimCustomer>();
  readonly orders = new Map<number, SimOrder>();
  readonly shipments = new Map<number, SimShipment>();
  /** Locations and the units each product has at them. */
  readonly locations = new SimLocations();
  /** Inventory adjustments (adjustment-routes.ts). */
  readonly adjustments = new SimAdjustments();

  private clockOffsetMs = 0;
  private nextProductId = 1;
  private nextLineId = 1;
  private nextShipmentId = 1;
  private nextInvoiceId = 1;

  constructor(
    settings: Partial<RackbeatSimSettings> = {},
    private readonly clock: () => number = Date.now,
  ) {
    this.settings = { ...DEFAULT_RACKBEAT_SIM_SETTINGS, ...settings };
  }

  /** Now, in whole seconds (Rackbeat stores seconds). */
  now(): number {
    return Math.floor((this.clock() + this.clockOffsetMs) / 1000) * 1000;
  }

  // ---- controls for tests ------------------------------------------------------------------

  /** Moves the simulator's clock forward (e.g. so the next change lands after a checkpoint). */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** Bumps an order's `updated_at` to now, as an edit in the Rackbeat UI would. */
  touchOrder(number: number): SimOrder {
    const order = this.requireOrder(number);
    order.updatedAt = this.now();
    return order;
  }

  /** An order typed in by a person in the Rackbeat UI (not by iex-sync), optionally booked. */
  createOrderByPerson(input: SimOrderInput, options: { book?: boolean } = {}): SimOrder {
    const order = this.createOrder(input);
    return options.book ? this.bookOrder(order.number) : order;
  }

  /**
   * Books, creates a shipment and marks it shipped: what a warehouse person does. `lines` ships only
   * those units (a partial shipment); default everything not shipped yet.
   */
  shipOrderByHand(number: number, options: ShipmentOptions = {}): SimOrder {
    const order = this.requireOrder(number);
    if (order.bookedAt === null) this.bookOrder(number);
    const shipment = this.createShipment(number, options);
    this.markShipped(shipment.id);
    return order;
  }

  /** Units of each order line not in a shipment yet. */
  unshippedLines(order: SimOrder): Array<{ lineId: number; quantity: number }> {
    const taken = new Map<number, number>();
    for (const shipment of this.shipments.values()) {
      if (shipment.orderNumber !== order.number) continue;
      for (const line of shipment.lines) taken.set(line.lineId, (taken.get(line.lineId) ?? 0) + line.quantity);
    }
    return order.lines.map((line) => ({ lineId: line.id, quantity: line.quantity - (taken.get(line.id) ?? 0) })).filter((line) => line.quantity > 0);
  }

  // ---- product groups, products, customers -------------------------------------------------

  createProductGroup(input: SimProductGroupInput): SimProductGroup {
    if (this.productGroups.has(input.number)) throw invalid('number', 'The number has already been taken.');
    const now = this.now();
    const group: SimProductGroup = { ...input, createdAt: now, updatedAt: now };
    this.productGroups.set(group.number, group);
    return group;
  }

  createProduct(input: SimProductInput): SimProduct {
    if (this.products.has(input.number)) throw invalid('number', 'The number has already been taken.');
    if (!this.productGroups.has(input.groupNumber)) throw invalid('group', 'The selected group is invalid.');
    const now = this.now();
    const product: SimProduct = { ...input, id: this.nextProductId++, inOrderQuantity: 0, createdAt: now, updatedAt: now };
    this.products.set(product.number, product);
    return product;
  }

  /** Partial update (`PUT /products/{number}`). */
  updateProduct(number: string, changes: Partial<SimProductInput>): SimProduct {
    const product = this.requireProduct(number);
    if (changes.groupNumber !== undefined && !this.productGroups.has(changes.groupNumber)) {
      throw invalid('group', 'The selected group is invalid.');
    }
    if (changes.number !== undefined && changes.number !== number && this.products.has(changes.number)) {
      throw invalid('number', 'The number has already been taken.');
    }
    Object.assign(product, definedOnly(changes), { updatedAt: this.now() });
    if (product.number !== number) {
      this.products.delete(number);
      this.products.set(product.number, product);
    }
    return product;
  }

  createCustomer(input: SimCustomerInput): SimCustomer {
    if (!this.paymentTerms.has(input.paymentTermsNumber)) {
      throw invalid('payment_terms_id', 'The selected payment terms id is invalid.');
    }
    const now = this.now();
    const number = Math.max(START_CUSTOMER_NUMBER - 1, ...this.customers.keys()) + 1;
    const customer: SimCustomer = { ...input, number, createdAt: now, updatedAt: now };
    this.customers.set(number, customer);
    return customer;
  }

  // ---- orders ------------------------------------------------------------------------------

  createOrder(input: SimOrderInput): SimOrder {
    const customer = this.customers.get(input.customerNumber);
    const errors: Record<string, string[]> = {};
    if (!customer) errors.customer_id = ['The selected Customer is invalid.'];
    input.lines.forEach((line, index) => {
      if (!this.products.has(line.sku)) errors[`lines.${index}.item_id`] = ['Product needed'];
    });
    if (!customer || Object.keys(errors).length > 0) throw new SimValidationError(errors);

    const now = this.now();
    const customerAddress: SimAddress = {
      name: customer.companyName,
      street: customer.street,
      street2: customer.street2,
      zipcode: customer.zipcode,
      city: customer.city,
      country: customer.country,
      email: customer.email ?? '',
      phone: customer.phone ?? '',
    };
    const billing = { ...customerAddress, ...definedOnly(input.billingAddress ?? {}) };
    const order: SimOrder = {
      number: Math.max(START_ORDER_NUMBER - 1, ...this.orders.keys()) + 1,
      heading: input.heading ?? '',
      note: input.note ?? '',
      customerNumber: customer.number,
      currency: input.currency ?? customer.currency,
      vatZone: input.vatZone ?? customer.vatZone,
      orderDate: input.orderDate ?? formatRackbeatDate(new Date(now), this.settings.timeZone),
      paymentTermsNumber: input.paymentTermsNumber ?? customer.paymentTermsNumber,
      billingAddress: billing,
      deliveryAddress: { ...billing, ...definedOnly(input.deliveryAddress ?? {}) },
      lines: input.lines.map((line) => this.orderLine(line)),
      bookedAt: null,
      shippedAt: null,
      invoiceId: null,
      createdAt: now,
      updatedAt: now,
    };
    this.orders.set(order.number, order);
    return order;
  }

  private orderLine(line: SimOrderLineInput): SimOrderLine {
    const product = this.requireProduct(line.sku);
    const keep = this.settings.linePricesKept;
    return {
      id: this.nextLineId++,
      sku: product.number,
      name: line.name ?? product.name,
      quantity: line.quantity,
      unitPrice: keep && line.unitPrice !== undefined ? line.unitPrice : product.salesPrice,
      discountPercent: keep ? (line.discountPercent ?? 0) : 0,
    };
  }

  /**
   * Booking confirms the order and reserves its stock as `in_order_quantity` (Rackbeat help centre,
   * the sales flow).
   */
  bookOrder(number: number): SimOrder {
    const order = this.requireOrder(number);
    // Assumed refusal: the facts do not say what booking a booked order answers.
    if (order.bookedAt !== null) throw invalid('order', 'The order is already booked.');
    const now = this.now();
    order.bookedAt = now;
    order.updatedAt = now;
    this.moveStock(order, (product, quantity) => {
      product.inOrderQuantity += quantity;
    });
    return order;
  }

  /**
   * Rackbeat's laravel-client SDK refuses a shipment for an order that is not booked or already
   * shipped. A shipment takes what is left of every line unless `lines` says less (Rackbeat ships
   * in parts when stock is short: `is_partly_shipped`).
   */
  createShipment(number: number, options: ShipmentOptions = {}): SimShipment {
    const order = this.requireOrder(number);
    if (order.bookedAt === null) throw invalid('order', 'The order must be booked before it can be shipped.');
    if (order.shippedAt !== null) throw invalid('order', 'The order is already shipped.');
    const left = this.unshippedLines(order);
    const lines = options.lines ?? left;
    for (const line of lines) {
      const open = left.find((candidate) => candidate.lineId === line.lineId)?.quantity ?? 0;
      if (!Number.isInteger(line.quantity) || line.quantity <= 0 || line.quantity > open) throw invalid('lines', `Line ${line.lineId} has ${open} left to ship.`);
    }
    if (lines.length === 0) throw invalid('lines', 'Nothing is left to ship.');
    const now = this.now();
    const shipment: SimShipment = {
      id: this.nextShipmentId++,
      orderNumber: number,
      lines: lines.map((line) => ({ ...line })),
      trackingNumber: options.trackingNumber ?? null,
      shippedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    this.shipments.set(shipment.id, shipment);
    return shipment;
  }

  /**
   * Marking a shipment shipped draws the stock: out of stock and out of in-order (Rackbeat help
   * centre, the sales flow).
   */
  markShipped(shipmentId: number): SimShipment {
    const shipment = this.shipments.get(shipmentId);
    if (!shipment) throw new SimNotFoundError();
    if (shipment.shippedAt !== null) throw invalid('shipment', 'The shipment is already shipped.');
    const order = this.requireOrder(shipment.orderNumber);
    const now = this.now();
    shipment.shippedAt = now;
    shipment.updatedAt = now;
    // The order is shipped once every unit is in a shipped shipment; before that, partly shipped.
    const shippedUnits = this.shippedUnits(order);
    if (order.lines.every((line) => (shippedUnits.get(line.id) ?? 0) >= line.quantity)) order.shippedAt = now;
    order.updatedAt = now;
    this.moveStock(order, (product, quantity) => {
      product.stockQuantity -= quantity;
      product.inOrderQuantity -= quantity;
    }, new Map(shipment.lines.map((line) => [line.lineId, line.quantity])));
    return shipment;
  }

  /** Units of each order line in shipped shipments. */
  shippedUnits(order: SimOrder): Map<number, number> {
    const units = new Map<number, number>();
    for (const shipment of this.shipments.values()) {
      if (shipment.orderNumber !== order.number || shipment.shippedAt === null) continue;
      for (const line of shipment.lines) units.set(line.lineId, (units.get(line.lineId) ?? 0) + line.quantity);
    }
    return units;
  }

  /**
   * `convert-to-invoice` (as the laravel-rackbeat client calls it): the order becomes invoiced and
   * points at its invoice.
   */
  convertToInvoice(number: number): SimOrder {
    const order = this.requireOrder(number);
    if (order.bookedAt === null) throw invalid('order', 'The order must be booked before it can be invoiced.');
    if (order.invoiceId !== null) throw invalid('order', 'The order is already invoiced.');
    order.invoiceId = this.nextInvoiceId++;
    order.updatedAt = this.now();
    return order;
  }

  /** Net total and VAT-inclusive total, VAT per line from its product group and the order's zone. */
  orderTotals(order: SimOrder): { subtotal: Minor; total: Minor } {
    let subtotal = 0;
    let vat = 0;
    for (const line of order.lines) {
      const net = roundHalfUp(line.quantity * line.unitPrice * (1 - line.discountPercent / 100));
      const group = this.productGroups.get(this.products.get(line.sku)?.groupNumber ?? -1);
      subtotal += net;
      vat += roundHalfUp((net * (group?.vat[order.vatZone] ?? 0)) / 100);
    }
    return { subtotal: subtotal as Minor, total: (subtotal + vat) as Minor };
  }

  /** `DELETE /orders/{number}`: only while the order has no shipment or invoice (Rackbeat helpdesk, ht-00231). */
  deleteOrder(number: number): void {
    const order = this.requireOrder(number);
    const shipped = order.shippedAt !== null || [...this.shipments.values()].some((shipment) => shipment.orderNumber === number);
    if (shipped || order.invoiceId !== null) throw invalid('order', 'An order can only be deleted when no shipment or invoice has been created.');
    this.orders.delete(number);
  }

  requireOrder(number: number): SimOrder {
    const order = this.orders.get(number);
    if (!order) throw new SimNotFoundError();
    return order;
  }

  requireProduct(number: string): SimProduct {
    const product = this.products.get(number);
    if (!product) throw new SimNotFoundError();
    return product;
  }

  /** Moves every line's units, or only `units` per line id (a shipment's). */
  private moveStock(order: SimOrder, move: (product: SimProduct, quantity: number) => void, units?: ReadonlyMap<number, number>): void {
    const now = this.now();
    for (const line of order.lines) {
      const product = this.products.get(line.sku);
      const group = product && this.productGroups.get(product.groupNumber);
      const quantity = units ? (units.get(line.id) ?? 0) : line.quantity;
      if (!product || !group?.hasInventory || quantity === 0) continue;
      move(product, quantity);
      if (this.settings.stockMovesTouchProducts) product.updatedAt = now;
    }
  }
}

/** A record the request names does not exist: the routes answer 404. */
export class SimNotFoundError extends Error {
  constructor() {
    super('No query results.');
    this.name = 'SimNotFoundError';
  }
}

function invalid(path: string, message: string): SimValidationError {
  return new SimValidationError({ [path]: [message] });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
