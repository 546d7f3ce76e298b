import { GraphQLError } from 'graphql';
import { formatMinor, type Minor } from '../../domain/money.js';
import { orderTotals, type SimAddress, type SimCompany, type SimCustomer, type SimLineItem, type SimOrder, type SimShippingLine } from './orders.js';
import { parseOrderSearch, type SearchWarning } from './search.js';
import type { ShopifySimState } from './state.js';

/**
 * The root value graphql-js executes against: plain objects in the shape of the SDL in
 * schema.ts, with connections as functions of their arguments (graphql-js calls a function-valued
 * property with the field's arguments).
 */
export interface ResolverContext {
  state: ShopifySimState;
  /** Search warnings collected for `extensions.search`. */
  searchWarnings: Array<{ path: string[]; query: string; warnings: SearchWarning[] }>;
}

/** [C] connections return at most 250 per page (webshops.md §2). */
export const MAX_PAGE_SIZE = 250;

interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

type SortKey = 'CREATED_AT' | 'ID' | 'PROCESSED_AT' | 'UPDATED_AT';

export function rootValue(state: ShopifySimState) {
  return {
    shop: () => ({
      id: state.shop.id,
      name: state.shop.name,
      myshopifyDomain: state.shop.myshopifyDomain,
      url: `https://${state.shop.myshopifyDomain}`,
      currencyCode: state.shop.currency,
      ianaTimezone: state.shop.timezone,
    }),
    order: ({ id }: { id: string }) => {
      const order = state.orders.get(gidNumber(id, 'Order'));
      return order ? renderOrder(order) : null;
    },
    orders: (args: ConnectionArgs & { sortKey: SortKey; query?: string | null }, context: ResolverContext) => {
      const search = parseOrderSearch(args.query);
      if (search.warnings.length > 0) context.searchWarnings.push({ path: ['orders'], query: args.query ?? '', warnings: search.warnings });
      const sortValue = (order: SimOrder): number => {
        if (args.sortKey === 'UPDATED_AT') return order.updatedAt;
        if (args.sortKey === 'CREATED_AT') return order.createdAt;
        if (args.sortKey === 'ID') return order.id;
        return order.processedAt;
      };
      const matching = [...state.orders.values()].filter((order) => search.matches(order));
      return connection(matching, args, 'orders', (order) => [sortValue(order), order.id], renderOrder);
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const order = state.orders.get(gidNumber(id, 'Order'));
      if (!order) return { node: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
      const blank = tags.findIndex((tag) => tag.trim() === '');
      if (blank >= 0) return { node: null, userErrors: [{ field: ['tags', String(blank)], message: 'Tag cannot be blank' }] };
      state.updateOrder(order.id, (changed) => {
        for (const tag of tags) if (!changed.tags.includes(tag)) changed.tags.push(tag);
      });
      return { node: renderOrder(order), userErrors: [] };
    },
  };
}

function renderOrder(order: SimOrder) {
  const totals = orderTotals(order);
  const money = (amount: Minor) => moneyBag(amount, order.currency);
  return {
    __typename: 'Order',
    id: `gid://shopify/Order/${order.id}`,
    legacyResourceId: String(order.id),
    name: `#${order.number}`,
    number: order.number - 1000,
    createdAt: iso(order.createdAt),
    updatedAt: iso(order.updatedAt),
    processedAt: iso(order.processedAt),
    cancelledAt: order.financialStatus === 'VOIDED' ? iso(order.updatedAt) : null,
    cancelReason: order.financialStatus === 'VOIDED' ? 'CUSTOMER' : null,
    closed: order.fulfillmentStatus === 'FULFILLED',
    test: false,
    email: order.email,
    phone: null,
    note: null,
    tags: order.tags,
    currencyCode: order.currency,
    taxesIncluded: true,
    displayFinancialStatus: order.financialStatus,
    displayFulfillmentStatus: order.fulfillmentStatus,
    paymentGatewayNames: [order.gateway],
    discountCodes: order.discountCodes,
    taxExempt: order.company ? order.company.taxExempt : (order.customer?.taxExemptions.length ?? 0) > 0,
    customer: order.customer && renderCustomer(order.customer),
    // A B2B order's purchasing entity is its company; any other order's is its customer.
    purchasingEntity: order.company ? renderCompany(order.company) : order.customer && { __typename: 'Customer', ...renderCustomer(order.customer) },
    billingAddress: renderAddress(order.billing, order.id, 1),
    shippingAddress: order.shipping && renderAddress(order.shipping, order.id, 2),
    subtotalPriceSet: money(totals.subtotal),
    totalPriceSet: money(totals.total),
    totalTaxSet: money(totals.tax),
    totalShippingPriceSet: money(totals.shipping),
    totalDiscountsSet: money(totals.discounts),
    taxLines: taxLines(totals.tax, order),
    lineItems: (args: ConnectionArgs) =>
      connection(order.lines, args, 'lineItems', (line) => [line.id, line.id], (line) => renderLine(line, order)),
    shippingLines: (args: ConnectionArgs) =>
      connection(order.shippingLines, args, 'shippingLines', (line) => [line.id, line.id], (line) => renderShipping(line, order)),
  };
}

function renderCustomer(customer: SimCustomer) {
  return {
    id: `gid://shopify/Customer/${customer.id}`,
    firstName: customer.firstName,
    lastName: customer.lastName,
    displayName: `${customer.firstName} ${customer.lastName}`.trim(),
    defaultEmailAddress: { emailAddress: customer.email },
    taxExempt: customer.taxExemptions.length > 0,
    taxExemptions: customer.taxExemptions,
  };
}

function renderCompany(company: SimCompany) {
  return {
    __typename: 'PurchasingCompany',
    company: { id: `gid://shopify/Company/${company.id}`, name: company.name },
    location: {
      id: `gid://shopify/CompanyLocation/${company.locationId}`,
      name: company.locationName,
      taxSettings: { taxExempt: company.taxExempt, taxExemptions: company.taxExemptions, taxRegistrationId: company.taxRegistrationId },
    },
  };
}

function renderLine(line: SimLineItem, order: SimOrder) {
  const currency = order.currency;
  const gross = line.unitPrice * line.quantity;
  return {
    id: `gid://shopify/LineItem/${line.id}`,
    sku: line.sku,
    name: line.title,
    title: line.title,
    variantTitle: null,
    quantity: line.quantity,
    currentQuantity: line.quantity,
    taxable: true,
    originalUnitPriceSet: moneyBag(line.unitPrice, currency),
    discountedUnitPriceSet: moneyBag(Math.round((gross - line.discount) / line.quantity) as Minor, currency),
    totalDiscountSet: moneyBag(line.discount, currency),
    discountedTotalSet: moneyBag((gross - line.discount) as Minor, currency),
    taxLines: taxLines(line.tax, order),
  };
}

function renderShipping(line: SimShippingLine, order: SimOrder) {
  const currency = order.currency;
  return {
    id: `gid://shopify/ShippingLine/${line.id}`,
    title: line.title,
    code: line.code,
    originalPriceSet: moneyBag(line.price, currency),
    discountedPriceSet: moneyBag(line.price, currency),
    taxLines: taxLines(line.tax, order),
  };
}

function renderAddress(address: SimAddress, orderId: number, n: number) {
  return {
    id: `gid://shopify/MailingAddress/${orderId}${n}?model_name=Address`,
    firstName: address.firstName,
    lastName: address.lastName,
    name: `${address.firstName} ${address.lastName}`.trim(),
    company: address.company,
    address1: address.address1,
    address2: null,
    city: address.city,
    zip: address.zip,
    province: null,
    provinceCode: null,
    country: address.countryCode,
    countryCodeV2: address.countryCode,
    phone: null,
  };
}

/** An untaxed order (an exempt buyer, an export) has no tax lines at all. */
function taxLines(amount: Minor, order: SimOrder) {
  const percent = order.vatRatePercent;
  if (percent === 0) return [];
  return [{ title: 'VAT', rate: percent / 100, ratePercentage: percent, priceSet: moneyBag(amount, order.currency) }];
}

/** Shopify writes decimals without trailing zeros beyond one (`"25.98"`, `"199.0"`, `"0.0"`). */
function moneyBag(amount: Minor, currencyCode: string) {
  const money = { amount: formatMinor(amount).replace(/(\.\d)0$/, '$1'), currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function gidNumber(gid: string, type: string): number {
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(gid);
  if (!match) throw new GraphQLError(`Invalid global id '${gid}'`, { extensions: { code: 'argumentLiteralsIncompatible' } });
  return Number(match[1]);
}

/** Relay paging with keyset cursors, as Shopify's cursors carry the last sort value and id. */
function connection<T, R>(
  items: readonly T[],
  args: ConnectionArgs,
  field: string,
  key: (item: T) => [number, number],
  render: (item: T) => R,
) {
  const { first, last } = args;
  if (first == null && last == null) throw badRequest('you must provide one of first or last');
  if (first != null && last != null) throw badRequest('providing both first and last is not supported');
  const size = (first ?? last) as number;
  // [U] exact wording of Shopify's page-size refusal; the limit of 250 is confirmed.
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw badRequest(`Argument '${first != null ? 'first' : 'last'}' on Field '${field}' has an invalid value (${size}). Expected a page size from 0 to ${MAX_PAGE_SIZE}.`);
  }
  const direction = args.reverse ? -1 : 1;
  const compare = (a: [number, number], b: [number, number]) => direction * (a[0] - b[0] || a[1] - b[1]);
  const after = args.after ? decodeCursor(args.after) : undefined;
  const before = args.before ? decodeCursor(args.before) : undefined;
  // Cut at the cursors first, then sort what is left: paging deep into 5,000 orders stays cheap.
  const window = items
    .map((item) => ({ item, key: key(item) }))
    .filter((entry) => (!after || compare(entry.key, after) > 0) && (!before || compare(entry.key, before) < 0))
    .sort((a, b) => compare(a.key, b.key));
  const page = first != null ? window.slice(0, size) : window.slice(Math.max(0, window.length - size));
  const edges = page.map((entry) => ({ cursor: encodeCursor(entry.key), node: render(entry.item) }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: first != null ? window.length > size : Boolean(before),
      hasPreviousPage: last != null ? window.length > size : Boolean(after),
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST' } });
}

/** Shopify's cursors are base64 JSON `{"last_id":…,"last_value":…}`. */
function encodeCursor([value, id]: [number, number]): string {
  return Buffer.from(JSON.stringify({ last_id: id, last_value: value })).toString('base64');
}

function decodeCursor(cursor: string): [number, number] {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === 'number' && typeof parsed.last_value === 'number') return [parsed.last_value, parsed.last_id];
  } catch {
    // fall through to the refusal below
  }
  throw badRequest(`Invalid cursor for current pagination sort.`);
}
