import type { Minor } from '../../domain/money.js';
import { orderTotals, type SimAddress, type SimCompany, type SimCustomer, type SimLineItem, type SimOrder, type SimShippingLine } from './orders.js';
import { connection, gidNumber, iso, moneyBag, type ConnectionArgs } from './render-kit.js';
import { searchFor, type ResolverContext } from './resolver-context.js';
import { fulfillmentRoot, renderFulfillment, renderFulfillmentOrder } from './fulfillment-resolvers.js';
import { inventoryMutations } from './inventory-mutations.js';
import { renderLine, taxLines } from './line-render.js';
import { productRoot } from './product-resolvers.js';
import { refundMutations, renderJob } from './refund-mutations.js';
import { renderRefund } from './refunds.js';
import type { SearchFields } from './search.js';
import type { ShopifySimState } from './state.js';

/**
 * The root value graphql-js executes against: plain objects in the shape of the SDL in
 * schema.ts, with connections as functions of their arguments (graphql-js calls a function-valued
 * property with the field's arguments). Orders are here; products, inventory and fulfilment in
 * their own files.
 */
type SortKey = 'CREATED_AT' | 'ID' | 'PROCESSED_AT' | 'UPDATED_AT';

/** `updated_at`, `created_at`, `processed_at` and `name` (`name:1042` or `name:#1042`). */
const ORDER_SEARCH: SearchFields<SimOrder> = {
  updated_at: { kind: 'time', value: (order) => order.updatedAt },
  created_at: { kind: 'time', value: (order) => order.createdAt },
  processed_at: { kind: 'time', value: (order) => order.processedAt },
  name: { kind: 'text', matches: (order, wanted) => String(order.number) === wanted.replace(/^#/, '') },
};

export function rootValue(state: ShopifySimState) {
  const root: Record<string, unknown> = {
    ...productRoot(state),
    ...inventoryMutations(state),
    ...fulfillmentRoot(state),
    ...refundMutations(state, (order) => renderOrder(state, order)),
    job: ({ id }: { id: string }) => {
      const job = state.jobs.byId(gidNumber(id, 'Job'));
      return job ? renderJob(job.id, job.done, root) : null;
    },
    shop: () => ({
      id: state.shop.id,
      name: state.shop.name,
      myshopifyDomain: state.shop.myshopifyDomain,
      url: `https://${state.shop.myshopifyDomain}`,
      currencyCode: state.shop.currency,
      ianaTimezone: state.shop.timezone,
      taxesIncluded: state.shop.taxesIncluded,
    }),
    order: ({ id }: { id: string }) => {
      const order = state.orders.get(gidNumber(id, 'Order'));
      return order ? renderOrder(state, order) : null;
    },
    orders: (args: ConnectionArgs & { sortKey: SortKey; query?: string | null }, context: ResolverContext) => {
      const search = searchFor(context, 'orders', args.query, ORDER_SEARCH);
      const sortValue = (order: SimOrder): number => {
        if (args.sortKey === 'UPDATED_AT') return order.updatedAt;
        if (args.sortKey === 'CREATED_AT') return order.createdAt;
        if (args.sortKey === 'ID') return order.id;
        return order.processedAt;
      };
      const matching = [...state.orders.values()].filter((order) => search.matches(order));
      return connection(matching, args, 'orders', (order) => [sortValue(order), order.id], (order) => renderOrder(state, order));
    },
    tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => {
      const order = state.orders.get(gidNumber(id, 'Order'));
      if (!order) return { node: null, userErrors: [{ field: ['id'], message: 'Order does not exist' }] };
      const blank = tags.findIndex((tag) => tag.trim() === '');
      if (blank >= 0) return { node: null, userErrors: [{ field: ['tags', String(blank)], message: 'Tag cannot be blank' }] };
      state.updateOrder(order.id, (changed) => {
        for (const tag of tags) if (!changed.tags.includes(tag)) changed.tags.push(tag);
      });
      return { node: renderOrder(state, order), userErrors: [] };
    },
  };
  return root;
}

function renderOrder(state: ShopifySimState, order: SimOrder) {
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
    cancelledAt: order.cancelledAt !== undefined ? iso(order.cancelledAt) : order.financialStatus === 'VOIDED' ? iso(order.updatedAt) : null,
    cancelReason: order.cancelReason ?? (order.cancelledAt !== undefined || order.financialStatus === 'VOIDED' ? 'CUSTOMER' : null),
    cancellation: order.cancelledAt !== undefined ? { staffNote: order.cancelNote ?? null } : null,
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
      connection(order.lines, args, 'lineItems', (line) => [line.id, line.id], (line) => renderLine(line, order, state.fulfillments.fulfilled(order, line.id))),
    fulfillmentOrders: (args: ConnectionArgs) =>
      connection(state.fulfillments.of(order), args, 'fulfillmentOrders', (fulfillmentOrder) => [fulfillmentOrder.id, fulfillmentOrder.id], (fulfillmentOrder) => renderFulfillmentOrder(state, fulfillmentOrder)),
    fulfillments: () => state.fulfillments.fulfillments(order).map(renderFulfillment),
    shippingLines: (args: ConnectionArgs) =>
      connection(order.shippingLines, args, 'shippingLines', (line) => [line.id, line.id], (line) => renderShipping(line, order)),
    refunds: ({ first }: { first?: number | null }) => (state.refunds.get(order.id) ?? []).slice(0, first ?? undefined).map((refund) => renderRefund(refund, order)),
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
