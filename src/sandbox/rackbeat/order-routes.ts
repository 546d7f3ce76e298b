import { toMinor } from '../../domain/money.js';
import type { SimRoute } from '../harness/types.js';
import { listResponse } from './listing.js';
import type { SimAddress, SimOrder, SimShipment, VatZone } from './records.js';
import { created, integerParam, ok, type RackbeatRouteContext } from './route-kit.js';
import type { SimOrderInput, SimOrderLineInput } from './state.js';
import { asBody, FieldErrors, type Body } from './validation.js';

/** Orders and their state machine, shipments. */
export function orderRoutes({ state, render }: RackbeatRouteContext): SimRoute[] {
  const timeZone = (): string => state.settings.timeZone;
  const orderList = (onlyDrafts: boolean) => ({
    plural: 'orders',
    records: () => (onlyDrafts ? [...state.orders.values()].filter((o) => o.bookedAt === null) : state.orders.values()),
    render: (order: SimOrder) => render.order(order),
    key: (order: SimOrder) => order.number,
    searchable: (order: SimOrder) => [
      order.number,
      state.settings.searchCoversHeading ? order.heading : undefined,
      state.customers.get(order.customerNumber)?.companyName,
    ],
    times: {
      created_at: (o: SimOrder) => o.createdAt,
      updated_at: (o: SimOrder) => o.updatedAt,
      booked_at: (o: SimOrder) => o.bookedAt,
    },
    flags: {
      is_booked: (o: SimOrder) => o.bookedAt !== null,
      is_shipped: (o: SimOrder) => o.shippedAt !== null,
      is_invoiced: (o: SimOrder) => o.invoiceId !== null,
      is_cancelled: () => false,
    },
  });
  const shipmentList = {
    plural: 'order_shipments',
    records: () => state.shipments.values(),
    render: (shipment: SimShipment) => render.shipment(shipment),
    key: (shipment: SimShipment) => shipment.id,
    searchable: (shipment: SimShipment) => [shipment.id, shipment.orderNumber],
    times: { created_at: (s: SimShipment) => s.createdAt, updated_at: (s: SimShipment) => s.updatedAt },
    flags: { is_shipped: (s: SimShipment) => s.shippedAt !== null },
    filters: { order_number: (s: SimShipment, value: string) => String(s.orderNumber) === value },
  };
  const orderBody = (order: SimOrder) => ({ order: render.order(order) });
  /** What creating or booking an order answers: the whole order, or only its number (the `orderAnswersWhole` setting). */
  const orderAnswer = (order: SimOrder) => {
    if (state.settings.orderAnswersWhole) return orderBody(order);
    const { number, self } = render.order(order);
    return { order: { number, self } };
  };

  return [
    { method: 'GET', pattern: '/orders', handler: (request) => listResponse(orderList(false), request.query, timeZone()) },
    { method: 'GET', pattern: '/orders/drafts', handler: (request) => listResponse(orderList(true), request.query, timeZone()) },
    {
      method: 'GET',
      pattern: '/orders/:number',
      handler: (request) => ok(orderBody(state.requireOrder(integerParam(request, 'number')))),
    },
    {
      method: 'DELETE',
      pattern: '/orders/:number',
      handler: (request) => {
        state.deleteOrder(integerParam(request, 'number'));
        return { status: 204 };
      },
    },
    {
      // `POST /orders/drafts` always makes a draft (Rackbeat API docs, POST /orders/drafts).
      method: 'POST',
      pattern: '/orders/drafts',
      handler: (request) => created(orderAnswer(state.createOrder(orderInput(asBody(request.body))))),
    },
    {
      // Whether plain `POST /orders` books at once is NOT CONFIRMED: the `plainPostBooks` setting.
      method: 'POST',
      pattern: '/orders',
      handler: (request) => {
        const order = state.createOrder(orderInput(asBody(request.body)));
        return created(orderAnswer(state.settings.plainPostBooks ? state.bookOrder(order.number) : order));
      },
    },
    {
      // Body `{"mail": {"send": false}}` → `{"order": {...}}` (Rackbeat's laravel-client SDK,
      // bookOrder).
      method: 'POST',
      pattern: '/orders/:number/book',
      handler: (request) => ok(orderAnswer(state.bookOrder(integerParam(request, 'number')))),
    },
    {
      method: 'POST',
      pattern: '/orders/:number/create-shipment',
      handler: (request) => created({ order_shipment: render.shipment(state.createShipment(integerParam(request, 'number'))) }),
    },
    {
      // `POST /orders/shipments/{id}/mark-shipped` with `{"pick": true}` (as the laravel-rackbeat
      // client sends it).
      method: 'POST',
      pattern: '/orders/shipments/:id/mark-shipped',
      handler: (request) => ok({ order_shipment: render.shipment(state.markShipped(integerParam(request, 'id'))) }),
    },
    {
      method: 'POST',
      pattern: '/orders/:number/convert-to-invoice',
      handler: (request) => ok({ invoice_id: state.convertToInvoice(integerParam(request, 'number')).invoiceId }),
    },
    { method: 'GET', pattern: '/order-shipments', handler: (request) => listResponse(shipmentList, request.query, timeZone()) },
  ];
}

/**
 * The create body a production integration sends (kundan333/php-ftp-rackbeat-integration):
 * `customer_id` and `lines` with `item_id` (the product number) and `quantity` required; flat
 * `address_*` and `delivery_address_*` fields plus `delivery_address: {email, phone}`.
 */
function orderInput(body: Body): SimOrderInput {
  const errors = new FieldErrors();
  const customerNumber = errors.requiredNumber(body, 'customer_id');
  const rawLines = body.lines;
  if (!Array.isArray(rawLines) || rawLines.length === 0) errors.add('lines', 'The lines field is required.');
  const lines = (Array.isArray(rawLines) ? rawLines : []).map((raw, index): SimOrderLineInput => {
    const line = asBody(raw);
    const price = errors.optionalNumber(line, 'line_price', `lines.${index}.line_price`);
    return {
      sku: errors.requiredString(line, 'item_id', `lines.${index}.item_id`),
      quantity: errors.requiredNumber(line, 'quantity', `lines.${index}.quantity`),
      name: errors.optionalString(line, 'name', `lines.${index}.name`),
      unitPrice: price === undefined ? undefined : toMinor(price),
      discountPercent: errors.optionalNumber(line, 'discount_percentage', `lines.${index}.discount_percentage`),
    };
  });
  const vatZone = errors.optionalString(body, 'vat_zone');
  if (vatZone !== undefined && !['domestic', 'eu', 'abroad'].includes(vatZone)) errors.add('vat_zone', 'The selected vat zone is invalid.');
  const orderDate = errors.optionalString(body, 'order_date');
  if (orderDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(orderDate)) errors.add('order_date', 'The order date does not match the format Y-m-d.');
  const nested = asBody(body.delivery_address);
  const input: SimOrderInput = {
    customerNumber,
    heading: errors.optionalString(body, 'heading'),
    note: errors.optionalString(body, 'note'),
    currency: errors.optionalString(body, 'currency'),
    vatZone: vatZone as VatZone | undefined,
    orderDate,
    paymentTermsNumber: errors.optionalNumber(body, 'payment_terms_id'),
    billingAddress: flatAddress(body, 'address_', errors),
    deliveryAddress: {
      ...flatAddress(body, 'delivery_address_', errors),
      email: errors.optionalString(nested, 'email', 'delivery_address.email'),
      phone: errors.optionalString(nested, 'phone', 'delivery_address.phone'),
    },
    lines,
  };
  errors.done();
  return input;
}

function flatAddress(body: Body, prefix: string, errors: FieldErrors): Partial<SimAddress> {
  const field = (name: string): string | undefined => errors.optionalString(body, `${prefix}${name}`);
  return {
    name: field('name'),
    street: field('street'),
    street2: field('street2'),
    zipcode: field('zipcode'),
    city: field('city'),
    country: field('country'),
  };
}
