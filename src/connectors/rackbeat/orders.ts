import { minorToNumber } from '../../domain/money.js';
import { isSyncHttpError, SyncHttpError } from '../http/errors.js';
import { orderFromApi } from './from-api.js';
import { allPages, changedSince, getOne, post, type RackbeatContext } from './paging.js';
import type {
  ApiOrder,
  CreatedRackbeatOrder,
  NewRackbeatOrder,
  RackbeatAddressInput,
  RackbeatOrder,
} from './types.js';

export interface ChangedOrdersOptions {
  /** Only booked (`true`) or only unbooked (`false`) orders; all when left out. */
  booked?: boolean;
}

export function changedOrders(context: RackbeatContext, since: Date, options: ChangedOrdersOptions = {}): AsyncIterable<RackbeatOrder[]> {
  return changedSince<ApiOrder, RackbeatOrder>(
    context,
    '/orders',
    'orders',
    since,
    (api) => orderFromApi(api, context.timeZone),
    (order) => order.number,
    options.booked === undefined ? {} : { is_booked: options.booked },
  );
}

export async function getOrder(context: RackbeatContext, number: number): Promise<RackbeatOrder | undefined> {
  const api = await getOne<ApiOrder>(context, `/orders/${number}`, 'order');
  return api && orderFromApi(api, context.timeZone);
}

/**
 * Creates a draft (`POST /orders/drafts` in the Rackbeat API docs), so the state is always
 * explicit. The answer is `{"order": {...}}`; a production integration reads only its `number`
 * (kundan333/php-ftp-rackbeat-integration) and the docs do not say whether it carries the lines and
 * totals, so the order is read back only when the answer lacks them. Whether Rackbeat keeps the line
 * prices we send is unconfirmed too: the caller gets the totals Rackbeat computed and whether our
 * prices survived.
 */
export async function createDraftOrder(context: RackbeatContext, input: NewRackbeatOrder): Promise<CreatedRackbeatOrder> {
  const created = await post<ApiOrder>(context, '/orders/drafts', 'order', rackbeatOrderBody(input));
  const order = await wholeOrder(context, created, '/orders/drafts');
  const linePricesKept = input.lines.every((line, index) => {
    const stored = order.lines[index];
    if (!stored) return false;
    const priceKept = line.unitPrice === undefined || stored.unitPrice === line.unitPrice;
    const discountKept = !line.discountPercent || stored.discountPercent === line.discountPercent;
    return priceKept && discountKept;
  });
  return { order, linePricesKept };
}

/** An order from a create or action answer: as answered when it carries the lines and totals, else read back. */
async function wholeOrder(context: RackbeatContext, answered: ApiOrder, path: string): Promise<RackbeatOrder> {
  if (isWholeOrder(answered)) return orderFromApi(answered, context.timeZone);
  const order = await getOrder(context, answered.number);
  if (order) return order;
  throw new SyncHttpError({
    system: 'rackbeat',
    kind: 'protocol',
    method: 'GET',
    path: `/orders/${answered.number}`,
    retryable: false,
    platformMessage: `order ${answered.number}, just answered by POST ${path}, is not there`,
  });
}

/** Whether an order in an answer is whole: its lines and both totals (what the totals check needs) and its times. */
function isWholeOrder(api: Partial<ApiOrder>): boolean {
  const { lines, total_subtotal: net, total_total: gross, created_at: created, updated_at: updated } = api;
  return Array.isArray(lines) && typeof net === 'number' && typeof gross === 'number' && typeof created === 'string' && typeof updated === 'string';
}

/**
 * Books an order (`POST /orders/{n}/book`, as Rackbeat's laravel-client SDK calls it). Booking is a
 * state change, so it is safe to ask twice: when Rackbeat refuses (already booked) or the answer is
 * lost, the order is read and counts as booked if it is. The answer `{"order": {...}}` is read back
 * only when it lacks the lines and totals, as after a create.
 */
export async function bookOrder(context: RackbeatContext, number: number): Promise<RackbeatOrder> {
  try {
    const api = await post<ApiOrder>(context, `/orders/${number}/book`, 'order', { mail: { send: false } });
    return await wholeOrder(context, api, `/orders/${number}/book`);
  } catch (error) {
    if (!isSyncHttpError(error) || (error.kind !== 'validation' && error.kind !== 'outcome-unknown')) throw error;
    const order = await getOrder(context, number);
    if (order?.isBooked) return order;
    throw error;
  }
}

/**
 * The order whose `heading` is exactly `heading` (our deterministic reference: the Rackbeat API docs
 * name no external reference on orders): `search` first, with the exact comparison on our side;
 * when search finds nothing (its coverage of `heading` is unconfirmed) the orders changed since
 * `scanSince` are read through. The lowest number wins if there are several.
 */
export async function findOrderByHeading(context: RackbeatContext, heading: string, scanSince: Date): Promise<RackbeatOrder | undefined> {
  const wanted = heading.trim();
  const pick = (best: RackbeatOrder | undefined, order: RackbeatOrder): RackbeatOrder | undefined =>
    order.heading.trim() === wanted && (!best || order.number < best.number) ? order : best;

  let found: RackbeatOrder | undefined;
  for await (const page of allPages<ApiOrder>(context, '/orders', 'orders', { search: wanted })) {
    found = page.map((api) => orderFromApi(api, context.timeZone)).reduce(pick, found);
  }
  if (!found) {
    for await (const page of changedOrders(context, scanSince)) found = page.reduce(pick, found);
  }
  return found;
}

/** The create body a production integration sends (seen in kundan333/php-ftp-rackbeat-integration, 2025). */
export function rackbeatOrderBody(input: NewRackbeatOrder): Record<string, unknown> {
  const body: Record<string, unknown> = { customer_id: input.customerNumber, heading: input.heading };
  if (input.currency !== undefined) body.currency = input.currency;
  if (input.vatZone !== undefined) body.vat_zone = input.vatZone;
  if (input.orderDate !== undefined) body.order_date = input.orderDate;
  if (input.paymentTermsNumber !== undefined) body.payment_terms_id = input.paymentTermsNumber;
  if (input.note !== undefined) body.note = input.note;
  if (input.billingAddress) Object.assign(body, flatAddress('address_', input.billingAddress));
  if (input.deliveryAddress) {
    Object.assign(body, flatAddress('delivery_address_', input.deliveryAddress));
    const { email, phone } = input.deliveryAddress;
    if (email !== undefined || phone !== undefined) body.delivery_address = { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
  }
  body.lines = input.lines.map((line) => ({
    item_id: line.sku,
    quantity: line.quantity,
    ...(line.name !== undefined ? { name: line.name } : {}),
    ...(line.unitPrice !== undefined ? { line_price: minorToNumber(line.unitPrice) } : {}),
    ...(line.discountPercent ? { discount_percentage: line.discountPercent } : {}),
  }));
  return body;
}

function flatAddress(prefix: string, address: RackbeatAddressInput): Record<string, string> {
  return {
    [`${prefix}name`]: address.name,
    [`${prefix}street`]: address.street,
    [`${prefix}street2`]: address.street2 ?? '',
    [`${prefix}zipcode`]: address.zipcode,
    [`${prefix}city`]: address.city,
    [`${prefix}country`]: address.country,
  };
}

/**
 * Deletes an order (`DELETE /orders/{number}`: the 2018 API spec's deleteOrder; Rackbeat's
 * laravel client deletes a model by `DELETE {entity}/{id}`). Rackbeat deletes an order only while it
 * has no shipment or invoice (Rackbeat helpdesk, "Cancel or delete an order"); it refuses otherwise
 * (a validation error for the caller). False when the order is not there (deleted already).
 */
export async function deleteOrder(context: RackbeatContext, number: number): Promise<boolean> {
  try {
    await context.http.request({ method: 'DELETE', path: `/orders/${number}` });
    return true;
  } catch (error) {
    if (isSyncHttpError(error) && error.kind === 'not-found') return false;
    throw error;
  }
}
