import { GraphQLError, type GraphQLResolveInfo } from 'graphql';
import { toMinor, type Minor } from '../../domain/money.js';
import { requiredIdempotencyKey } from './idempotency.js';
import type { SimOrder } from './orders.js';
import { renderRefund, type SimRefund, type SimRefundInput, type SimRestockType } from './refunds.js';
import { gidNumber } from './render-kit.js';
import type { ResolverContext } from './resolver-context.js';
import type { ShopifySimState } from './state.js';

/**
 * `refundCreate` and `orderCancel` (Shopify Admin GraphQL 2026-01), as a shop admin or an app
 * refunds and cancels. Wordings of the user errors are [U] (Shopify documents the conditions, not
 * the messages); the conditions are the SDL's and the mutations' descriptions.
 *
 * refundCreate: the order exists; each line item is the order's, for 1 or more of the units not
 * refunded yet; `LEGACY_RESTOCK` is "not accepted when creating new refunds"; a restock location
 * exists; the shipping is refunded whole (`fullRefund`, or `amount` equal to what is left of it,
 * VAT included as the order shows it [U]) at most once; transactions are REFUND transactions of
 * this order through its gateway; nothing takes the refunds past what was paid
 * (`allowOverRefunding` is not modelled, so not in our SDL). Any user error and nothing is made.
 * The `@idempotent` key: optional in 2026-01, required from 2026-04 (refundCreate's caution); a
 * key seen with the same input answers the first answer again, with another input a user error.
 * [sim] What the refund returns is what its lines and shipping come to (the admin's default), with
 * or without transactions; Shopify records a refund without transactions as moving no money. A
 * part of the shipping, or money alone (no lines, no shipping), is not modelled: refused with a
 * GraphQL error that says so.
 *
 * orderCancel: asynchronous, answering a `Job`; the order shows `cancelledAt` once the job has run
 * (jobs.ts: at the start of the next request). Refused with NOT_FOUND for an unknown order,
 * INVALID for one cancelled or being cancelled ("The order hasn't already been cancelled"). The
 * job closes the order's fulfillment orders, voids what was only authorized or pending ("that hold
 * will be automatically released"), and with `refundMethod.originalPaymentMethodsRefund` (or the
 * deprecated `refund`) refunds every unit and the shipping not refunded yet, restocked as CANCEL
 * when `restock`.
 */

interface RefundInput {
  orderId: string;
  note?: string | null;
  notify?: boolean | null;
  shipping?: { amount?: string | null; fullRefund?: boolean | null } | null;
  refundLineItems?: Array<{ lineItemId: string; quantity: number; restockType?: SimRestockType | null; locationId?: string | null }> | null;
  transactions?: Array<{ amount: string; gateway: string; kind: string; orderId: string; parentId?: string | null }> | null;
}

interface OrderCancelArgs {
  orderId: string;
  refund?: boolean | null;
  refundMethod?: { originalPaymentMethodsRefund?: boolean | null } | null;
  restock: boolean;
  reason: string;
  notifyCustomer?: boolean | null;
  staffNote?: string | null;
}

interface UserError {
  field: string[];
  message: string;
}

type OrderRenderer = (order: SimOrder) => unknown;

const IDEMPOTENCY_PREFIX = 'refundCreate:';
/** Financial statuses with nothing captured: cancelling voids them. */
const UNPAID = new Set(['PENDING', 'AUTHORIZED', 'EXPIRED']);

export function refundMutations(state: ShopifySimState, renderOrder: OrderRenderer) {
  const answer = (order: SimOrder, refund: SimRefund) => ({ refund: renderRefund(refund, order), order: renderOrder(order), userErrors: [] });
  const refused = (userErrors: UserError[]) => ({ refund: null, order: null, userErrors });

  function make(input: RefundInput): { order: SimOrder; refund: SimRefund } | UserError[] {
    const order = state.orders.get(gidNumber(input.orderId, 'Order'));
    if (!order) return [{ field: ['orderId'], message: 'Order does not exist' }];
    const errors: UserError[] = [];
    const earlier = state.refunds.get(order.id) ?? [];
    const lines: SimRefundInput['lines'] = [];
    for (const [index, item] of (input.refundLineItems ?? []).entries()) {
      const field = (name: string) => ['refundLineItems', String(index), name];
      const line = order.lines.find((candidate) => `gid://shopify/LineItem/${candidate.id}` === item.lineItemId);
      if (!line) {
        errors.push({ field: field('lineItemId'), message: 'Line item does not exist on this order' });
        continue;
      }
      const refunded = refundedUnits(earlier, line.id);
      const asked = lines.filter((taken) => taken.lineId === line.id).reduce((sum, taken) => sum + taken.quantity, 0);
      if (item.quantity < 1) errors.push({ field: field('quantity'), message: 'Quantity must be greater than 0' });
      else if (asked + item.quantity > line.quantity - refunded) {
        errors.push({ field: field('quantity'), message: `Quantity cannot refund more items than were purchased (${line.quantity - refunded - asked} left to refund)` });
      }
      if (item.restockType === 'LEGACY_RESTOCK') errors.push({ field: field('restockType'), message: 'Restock type LEGACY_RESTOCK is not accepted when creating new refunds' });
      if (item.locationId != null && !state.inventory.location(gidNumber(item.locationId, 'Location'))) {
        errors.push({ field: field('locationId'), message: 'Location does not exist' });
      }
      lines.push({ lineId: line.id, quantity: item.quantity, ...(item.restockType ? { restockType: item.restockType } : {}) });
    }
    const shipping = shippingAsked(order, earlier, input.shipping, errors);
    for (const [index, transaction] of (input.transactions ?? []).entries()) {
      const field = (name: string) => ['transactions', String(index), name];
      if (transaction.kind !== 'REFUND') errors.push({ field: field('kind'), message: 'Transaction kind must be REFUND' });
      if (transaction.orderId !== input.orderId) errors.push({ field: field('orderId'), message: 'Transaction must belong to the refunded order' });
      if (transaction.gateway !== order.gateway) errors.push({ field: field('gateway'), message: `Gateway ${transaction.gateway} did not process a payment on this order` });
      if (toMinor(transaction.amount) <= 0) errors.push({ field: field('amount'), message: 'Amount must be greater than 0' });
    }
    if (errors.length > 0) return errors;
    if (lines.length === 0 && !shipping) {
      throw new GraphQLError('[simulator] a refund of money alone (no line items, no shipping) is not modelled', { extensions: { code: 'SIMULATOR_LIMITATION' } });
    }
    try {
      return { order, refund: state.refund(order.id, { lines, shipping, ...(input.note != null ? { note: input.note } : {}) }) };
    } catch (error) {
      // refundOrder refuses refunds past what was paid, before it changes anything.
      return [{ field: input.transactions?.length ? ['transactions'] : ['refundLineItems'], message: `Refund exceeds the amount paid: ${(error as Error).message}` }];
    }
  }

  return {
    refundCreate: ({ input }: { input: RefundInput }, context: ResolverContext, info: GraphQLResolveInfo) => {
      const key = requiredIdempotencyKey(info, context);
      const params = JSON.stringify(input);
      const earlier = key === undefined ? undefined : state.idempotency.get(IDEMPOTENCY_PREFIX + key);
      if (earlier) {
        if (earlier.params !== params) return refused([{ field: [], message: 'The same idempotency key cannot be used with different operation parameters.' }]);
        const first = earlier.result as { order: SimOrder; refund: SimRefund } | UserError[];
        return Array.isArray(first) ? refused(first) : answer(first.order, first.refund);
      }
      const made = make(input);
      if (key !== undefined) state.idempotency.set(IDEMPOTENCY_PREFIX + key, { params, result: made });
      return Array.isArray(made) ? refused(made) : answer(made.order, made.refund);
    },

    orderCancel: (args: OrderCancelArgs) => {
      const refuse = (code: string, message: string) => ({ job: null, orderCancelUserErrors: [{ code, field: ['orderId'], message }] });
      const order = state.orders.get(gidNumber(args.orderId, 'Order'));
      if (!order) return refuse('NOT_FOUND', 'Order does not exist');
      if (order.cancelledAt !== undefined || state.jobs.pendingFor(order.id)) return refuse('INVALID', 'Order has already been cancelled');
      const refund = args.refundMethod?.originalPaymentMethodsRefund ?? args.refund ?? false;
      const job = state.jobs.queue(order.id, () => cancel(order, { reason: args.reason, refund, restock: args.restock, staffNote: args.staffNote ?? null }));
      return { job: renderJob(job.id, false), orderCancelUserErrors: [] };
    },
  };

  function cancel(order: SimOrder, how: { reason: string; refund: boolean; restock: boolean; staffNote: string | null }): void {
    const refunds = state.refunds.get(order.id) ?? [];
    const left = order.lines
      .map((line) => ({ lineId: line.id, quantity: line.quantity - refundedUnits(refunds, line.id) }))
      .filter((line) => line.quantity > 0)
      .map((line) => ({ ...line, restockType: how.restock ? ('CANCEL' as const) : ('NO_RESTOCK' as const) }));
    const shippingLeft = !refunds.some((refund) => refund.shipping) && (order.shippingLines[0]?.price ?? 0) > 0;
    if (how.refund && !UNPAID.has(order.financialStatus) && (left.length > 0 || shippingLeft)) {
      state.refund(order.id, { lines: left, shipping: shippingLeft });
    }
    for (const fulfillmentOrder of state.fulfillments.of(order)) {
      fulfillmentOrder.status = 'CLOSED';
      for (const line of fulfillmentOrder.lines) line.remainingQuantity = 0;
    }
    state.updateOrder(order.id, (changed) => {
      if (UNPAID.has(changed.financialStatus)) changed.financialStatus = 'VOIDED';
      changed.cancelledAt = Math.floor(state.now() / 1000) * 1000;
      changed.cancelReason = how.reason;
      changed.cancelNote = how.staffNote;
    });
  }
}

function refundedUnits(refunds: readonly SimRefund[], lineId: number): number {
  return refunds.flatMap((refund) => refund.lines).filter((done) => done.lineId === lineId).reduce((sum, done) => sum + done.quantity, 0);
}

/** The shipping to refund whole, or undefined; a user error when asked for more than is left. */
function shippingAsked(order: SimOrder, earlier: readonly SimRefund[], asked: RefundInput['shipping'], errors: UserError[]): boolean | undefined {
  if (!asked || (!asked.fullRefund && asked.amount == null)) return undefined;
  const line = order.shippingLines[0];
  const left: Minor = earlier.some((refund) => refund.shipping) || !line ? (0 as Minor) : line.price;
  // "This overrides the `fullRefund` argument" (ShippingRefundInput's description of `amount`).
  const amount = asked.amount != null ? toMinor(asked.amount) : left;
  if (amount === 0 && asked.amount != null) return undefined;
  if (left === 0 || amount > left) {
    errors.push({ field: ['shipping', asked.amount != null ? 'amount' : 'fullRefund'], message: 'Shipping refund amount exceeds the amount that can be refunded' });
    return undefined;
  }
  if (amount < left) {
    throw new GraphQLError('[simulator] a refund of part of the shipping is not modelled: refund it whole', { extensions: { code: 'SIMULATOR_LIMITATION' } });
  }
  return true;
}

/** A `Job`; its `query` resolves only once it is done (the Job type's description). */
export function renderJob(id: number, done: boolean, query?: unknown) {
  return { id: `gid://shopify/Job/${id}`, done, query: done ? (query ?? null) : null };
}
