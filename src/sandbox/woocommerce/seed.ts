import { roundHalfUp, type Minor } from '../../domain/money.js';
import { CATALOGUE_CUSTOMERS, CATALOGUE_PRODUCTS, SERVICE_PRODUCTS, chargesVat, isReverseChargeBuyer, type CatalogueCustomer } from '../catalogue.js';
import { seededRandom } from '../harness/random.js';
import { WOO_ORDER_STATUSES, type WooOrderStatus } from '../../connectors/woocommerce/types.js';
import { variationLabel, type SimProduct, type SimVariation } from './products.js';
import type { SimOrder, WooSimState } from './state.js';

/**
 * Seed data for the WooCommerce simulator, from the shared catalogue so every simulator agrees on
 * SKUs and customers. The T-shirts are one variable product (one variation keeps its stock on the
 * parent, `manage_stock: "parent"`); the poster does not manage stock; the rest are simple products.
 */
const VARIABLE_PARENT = { sku: 'TEE', name: 'T-shirt', skuPrefix: 'TEE-' };
const STOCK_ON_PARENT_SKU = 'TEE-BLU-M';
const UNMANAGED_SKU = 'POSTER.A2';
const SHIRT_ATTRIBUTES = ['Color', 'Size'];
const BARCODES: Record<string, string> = { 'CAP-001': '5701234000017', 'MUG#BLK': '5701234000024' };

export function seedCatalogue(state: WooSimState, at: number): void {
  const gross = (net: Minor): Minor =>
    state.settings.pricesIncludeTax ? roundHalfUp((net * (100 + state.settings.baseRatePercent)) / 100) : net;
  const shirts = CATALOGUE_PRODUCTS.filter((product) => product.sku.startsWith(VARIABLE_PARENT.skuPrefix));
  const parent: SimProduct = {
    id: state.newPostId(),
    name: VARIABLE_PARENT.name,
    type: 'variable',
    status: 'publish',
    sku: VARIABLE_PARENT.sku,
    price: gross(shirts[0]?.netPrice ?? (0 as Minor)),
    manageStock: true,
    stockQuantity: shirts.find((shirt) => shirt.sku === STOCK_ON_PARENT_SKU)?.stock ?? 0,
    backorders: 'no',
    variationIds: [],
    createdAt: at,
    modifiedAt: at,
  };
  state.products.set(parent.id, parent);
  for (const shirt of shirts) {
    const onParent = shirt.sku === STOCK_ON_PARENT_SKU;
    const variation: SimVariation = {
      id: state.newPostId(),
      parentId: parent.id,
      status: 'publish',
      // `T-shirt – Red, M` → Color: Red, Size: M
      attributes: (shirt.name.split('–')[1] ?? '').split(',').map((option, index) => ({ name: SHIRT_ATTRIBUTES[index] ?? `Option ${index + 1}`, option: option.trim() })),
      sku: shirt.sku,
      price: gross(shirt.netPrice),
      manageStock: onParent ? 'parent' : true,
      stockQuantity: onParent ? null : shirt.stock,
      backorders: 'no',
      createdAt: at,
      modifiedAt: at,
    };
    state.variations.set(variation.id, variation);
    parent.variationIds.push(variation.id);
  }
  for (const item of CATALOGUE_PRODUCTS.filter((product) => !shirts.includes(product))) {
    const managed = item.sku !== UNMANAGED_SKU;
    const product: SimProduct = {
      id: state.newPostId(),
      name: item.name,
      type: 'simple',
      status: 'publish',
      sku: item.sku,
      globalUniqueId: BARCODES[item.sku],
      price: gross(item.netPrice),
      manageStock: managed,
      stockQuantity: managed ? item.stock : null,
      backorders: 'no',
      variationIds: [],
      createdAt: at,
      modifiedAt: at,
    };
    state.products.set(product.id, product);
  }
}

export interface CheckoutInput {
  customer: CatalogueCustomer;
  /** A registered customer's WordPress user id; 0 for a guest checkout. */
  customerId?: number;
  items: { sku: string; quantity: number }[];
  status: WooOrderStatus;
  createdAt: number;
  modifiedAt?: number;
  coupon?: { code: string; percent: number } | undefined;
  /** Flat rate shipping (default) or local pickup. */
  shipping?: 'flat_rate' | 'local_pickup';
  paymentMethod?: keyof typeof PAYMENT_METHODS;
  /** Charge VAT or not, whatever the shop's usual rule for this buyer (chargesVat) says. */
  chargeVat?: boolean;
}

const PAYMENT_METHODS = {
  stripe: 'Credit card',
  bacs: 'Direct bank transfer',
  mobilepay: 'MobilePay',
  cod: 'Cash on delivery',
} as const;
const COD_FEE = { name: 'Cash on delivery fee', net: 1_600 as Minor };
const PAID_STATUSES: ReadonlySet<WooOrderStatus> = new Set(['processing', 'completed', 'refunded']);

/** Places an order as the shop's checkout would, from catalogue SKUs (which must be on sale). */
export function placeOrder(state: WooSimState, input: CheckoutInput): SimOrder {
  const lines = input.items.map(({ sku, quantity }) => {
    const item = state.findBySku(sku);
    if (!item) throw new Error(`the WooCommerce simulator sells no SKU ${sku}`);
    const parent = 'parentId' in item ? state.products.get(item.parentId) : undefined;
    return {
      productId: parent ? parent.id : item.id,
      variationId: parent ? item.id : 0,
      name: parent && 'parentId' in item ? `${parent.name} – ${variationLabel(item)}` : (item as SimProduct).name,
      parentName: parent ? parent.name : null,
      quantity,
      unitPrice: item.price,
    };
  });
  const [firstName = '', ...rest] = input.customer.name.split(' ');
  const address = {
    first_name: firstName,
    last_name: rest.join(' '),
    company: input.customer.company ?? '',
    address_1: input.customer.address,
    address_2: '',
    city: input.customer.city,
    state: '',
    postcode: input.customer.postcode,
    country: input.customer.country,
  };
  const payment = input.paymentMethod ?? 'stripe';
  const modifiedAt = input.modifiedAt ?? input.createdAt;
  return state.addOrder({
    status: input.status,
    currency: state.settings.currency,
    pricesIncludeTax: state.settings.pricesIncludeTax,
    createdAt: input.createdAt,
    modifiedAt,
    paidAt: PAID_STATUSES.has(input.status) ? input.createdAt : null,
    completedAt: input.status === 'completed' ? modifiedAt : null,
    customerId: input.customerId ?? 0,
    billing: { ...address, email: input.customer.email, phone: '' },
    shipping: address,
    lines,
    shippingMethod:
      input.shipping === 'local_pickup'
        ? { id: 'local_pickup', title: 'Local pickup', net: 0 as Minor }
        : { id: 'flat_rate', title: 'Flat rate', net: SERVICE_PRODUCTS.shipping.netPrice },
    fee: payment === 'cod' ? COD_FEE : undefined,
    coupon: input.coupon,
    // Exports outside the EU and reverse-charge sales carry no VAT.
    ratePercent: (input.chargeVat ?? chargesVat(input.customer)) ? state.settings.baseRatePercent : 0,
    meta: buyerVatMeta(input.customer),
    paymentMethod: payment,
    paymentMethodTitle: PAYMENT_METHODS[payment],
    customerNote: '',
  });
}

/**
 * The order meta the official EU VAT Number extension leaves for a buyer who gave a VAT number
 * (`_billing_vat_number`), and core's `is_vat_exempt`, set for a valid EU number abroad.
 */
function buyerVatMeta(customer: CatalogueCustomer): SimOrder['meta'] {
  if (!customer.vatNumber) return [];
  return [
    { key: '_billing_vat_number', value: customer.vatNumber },
    { key: 'is_vat_exempt', value: isReverseChargeBuyer(customer) ? 'yes' : 'no' },
  ];
}

export interface SeedOrdersOptions {
  count: number;
  seed: number;
  /** When the first order was placed (ms); the others follow every `spacingSeconds`. */
  firstAt: number;
  spacingSeconds: number;
}

/**
 * Seeds orders in every status (the first seven cover them all), with returning customers
 * (registered ones keep their user id), coupons, shipping, cash-on-delivery fees, exports without
 * VAT and odd SKUs; every tenth order shares its creation and modified second with the one before.
 */
export function seedOrders(state: WooSimState, options: SeedOrdersOptions): void {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const skus = CATALOGUE_PRODUCTS.map((product) => product.sku);
  const payments = Object.keys(PAYMENT_METHODS) as (keyof typeof PAYMENT_METHODS)[];
  let previous: SimOrder | undefined;
  for (let index = 0; index < options.count; index += 1) {
    const customerIndex = Math.floor(random() * CATALOGUE_CUSTOMERS.length);
    const lineCount = 1 + Math.floor(random() * 3);
    const items = [...new Set(Array.from({ length: lineCount }, () => pick(skus)))].map((sku) => ({
      sku,
      quantity: 1 + Math.floor(random() * 3),
    }));
    const tie = previous !== undefined && index % 10 === 9;
    const createdAt = tie ? previous!.createdAt : options.firstAt + index * options.spacingSeconds * 1000;
    const modifiedAt = tie
      ? previous!.modifiedAt
      : createdAt + Math.floor((random() * options.spacingSeconds) / 2) * 1000;
    previous = placeOrder(state, {
      customer: CATALOGUE_CUSTOMERS[customerIndex]!,
      customerId: customerIndex % 2 === 0 ? 100 + customerIndex : 0,
      items,
      status: index < WOO_ORDER_STATUSES.length ? WOO_ORDER_STATUSES[index]! : weightedStatus(random()),
      createdAt,
      modifiedAt,
      coupon: random() < 0.2 ? { code: 'welcome10', percent: 10 } : undefined,
      shipping: random() < 0.85 ? 'flat_rate' : 'local_pickup',
      paymentMethod: pick(payments),
    });
  }
}

function weightedStatus(draw: number): WooOrderStatus {
  const weights: [WooOrderStatus, number][] = [
    ['processing', 0.4],
    ['completed', 0.3],
    ['pending', 0.08],
    ['on-hold', 0.07],
    ['cancelled', 0.06],
    ['refunded', 0.05],
    ['failed', 0.04],
  ];
  let sum = 0;
  for (const [status, weight] of weights) {
    sum += weight;
    if (draw < sum) return status;
  }
  return 'processing';
}
