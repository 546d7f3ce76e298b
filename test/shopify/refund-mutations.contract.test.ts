import { describe, expect, it } from 'vitest';
import { orderTotals } from '../../src/sandbox/shopify/orders.js';
import { graphqlPost, useShopifySims } from './helpers/sims.js';

/** Pins refundCreate and orderCancel to the 2026-01 schema and the refunds facts (§3.2). */
const sims = useShopifySims();

const REFUND = `mutation ($input: RefundInput!, $key: String!) { refundCreate(input: $input) @idempotent(key: $key) {
  refund { id totalRefundedSet { shopMoney { amount } } refundLineItems(first: 5) { nodes { quantity lineItem { id } } }
    refundShippingLines(first: 1) { nodes { subtotalAmountSet { shopMoney { amount } } taxAmountSet { shopMoney { amount } } } } }
  order { id displayFinancialStatus } userErrors { field message } } }`;
const REFUND_WITHOUT_KEY = `mutation ($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }`;
const CANCEL = `mutation ($id: ID!, $refund: Boolean!) { orderCancel(orderId: $id, reason: CUSTOMER, restock: true, refundMethod: { originalPaymentMethodsRefund: $refund }, staffNote: "asked by phone") {
  job { id done } orderCancelUserErrors { code field message } } }`;
const ORDER = `query ($id: ID!) { order(id: $id) { cancelledAt cancelReason cancellation { staffNote } displayFinancialStatus refunds { id totalRefundedSet { shopMoney { amount } } }
  fulfillmentOrders(first: 5) { nodes { status } } } }`;
const JOB = `query ($id: ID!) { job(id: $id) { id done query { shop { name } } } }`;

async function start() {
  const sim = await sims.start();
  const [order] = sim.state.addOrders(1, { lineCount: 2, financialStatus: 'PAID' });
  order!.lines[0]!.quantity = 2;
  const orderId = `gid://shopify/Order/${order!.id}`;
  const lineId = (index: number) => `gid://shopify/LineItem/${order!.lines[index]!.id}`;
  const post = async (query: string, variables: Record<string, unknown>, version?: string) => (await graphqlPost(sim, query, variables, version)) as { data: Record<string, any>; errors?: Array<{ message: string; extensions?: { code?: string } }> };
  const read = async () => (await post(ORDER, { id: orderId })).data.order;
  return { sim, order: order!, orderId, lineId, post, read };
}

describe('Shopify simulator: refundCreate', () => {
  it('refunds units and the shipping, moves the financial status, and answers the same refund again for the same key', async () => {
    const { sim, order, orderId, lineId, post, read } = await start();
    const input = {
      orderId,
      note: 'damaged',
      notify: false,
      refundLineItems: [{ lineItemId: lineId(0), quantity: 1, restockType: 'RETURN', locationId: 'gid://shopify/Location/6100000001' }],
      shipping: { fullRefund: true },
      transactions: [{ orderId, gateway: order.gateway, kind: 'REFUND', amount: '10.00' }],
    };
    const first = (await post(REFUND, { input, key: 'refund-1' })).data.refundCreate;
    expect(first.userErrors).toEqual([]);
    expect(first.order).toEqual({ id: orderId, displayFinancialStatus: 'PARTIALLY_REFUNDED' });
    expect(first.refund.refundLineItems.nodes).toEqual([{ quantity: 1, lineItem: { id: lineId(0) } }]);
    const shipping = order.shippingLines[0]!;
    // One of the line's two units: half the line after its discount, VAT included.
    const half = Math.round((order.lines[0]!.unitPrice * 2 - order.lines[0]!.discount) / 2);
    expect(Math.round(Number(first.refund.totalRefundedSet.shopMoney.amount) * 100)).toBe(half + shipping.price);
    expect(sim.state.refunds.get(order.id)).toHaveLength(1);

    const again = (await post(REFUND, { input, key: 'refund-1' })).data.refundCreate;
    expect(again.refund.id).toBe(first.refund.id);
    expect(sim.state.refunds.get(order.id)).toHaveLength(1);
    const otherInput = (await post(REFUND, { input: { ...input, note: 'other' }, key: 'refund-1' })).data.refundCreate;
    expect(otherInput).toMatchObject({ refund: null, userErrors: [{ message: 'The same idempotency key cannot be used with different operation parameters.' }] });
    expect((await read()).refunds).toHaveLength(1);
  });

  it('refuses more units than are left to refund, counting earlier refunds, and the shipping twice, making nothing', async () => {
    const { sim, order, orderId, lineId, post } = await start();
    const refund = (refundLineItems: unknown[], key: string, shipping?: unknown) => post(REFUND, { input: { orderId, refundLineItems, ...(shipping ? { shipping } : {}) }, key });
    expect((await refund([{ lineItemId: lineId(0), quantity: 1 }], 'a', { fullRefund: true })).data.refundCreate.userErrors).toEqual([]);
    const tooMany = (await refund([{ lineItemId: lineId(0), quantity: 2 }], 'b')).data.refundCreate;
    expect(tooMany).toMatchObject({ refund: null, userErrors: [{ field: ['refundLineItems', '0', 'quantity'], message: expect.stringMatching(/^Quantity cannot refund more items than were purchased/) }] });
    const twice = (await refund([{ lineItemId: lineId(0), quantity: 1 }, { lineItemId: lineId(0), quantity: 1 }], 'c')).data.refundCreate;
    expect(twice.userErrors.map((error: { field: string[] }) => error.field)).toEqual([['refundLineItems', '1', 'quantity']]);
    const shippingAgain = (await refund([{ lineItemId: lineId(1), quantity: 1 }], 'd', { fullRefund: true })).data.refundCreate;
    expect(shippingAgain.userErrors).toEqual([{ field: ['shipping', 'fullRefund'], message: expect.any(String) }]);
    const legacy = (await refund([{ lineItemId: lineId(1), quantity: 1, restockType: 'LEGACY_RESTOCK' }], 'e')).data.refundCreate;
    expect(legacy.userErrors).toEqual([{ field: ['refundLineItems', '0', 'restockType'], message: expect.any(String) }]);
    const foreign = (await refund([{ lineItemId: 'gid://shopify/LineItem/1', quantity: 1 }], 'f')).data.refundCreate;
    expect(foreign.userErrors).toEqual([{ field: ['refundLineItems', '0', 'lineItemId'], message: expect.any(String) }]);
    expect(sim.state.refunds.get(order.id)).toHaveLength(1);
  });

  it('refuses an unknown order, transactions that are not refunds of this order, and more than was paid', async () => {
    const { sim, order, orderId, lineId, post } = await start();
    const unknown = (await post(REFUND, { input: { orderId: 'gid://shopify/Order/1', refundLineItems: [{ lineItemId: lineId(0), quantity: 1 }] }, key: 'u' })).data.refundCreate;
    expect(unknown).toEqual({ refund: null, order: null, userErrors: [{ field: ['orderId'], message: 'Order does not exist' }] });
    const sale = (await post(REFUND, { input: { orderId, refundLineItems: [{ lineItemId: lineId(0), quantity: 1 }], transactions: [{ orderId, gateway: 'bogus', kind: 'SALE', amount: '1.00' }] }, key: 's' })).data.refundCreate;
    expect(sale.userErrors.map((error: { field: string[] }) => error.field)).toEqual([['transactions', '0', 'kind'], ['transactions', '0', 'gateway']]);
    // The order's paid total is lowered below what its lines come to: refunding them all is more than was paid.
    const paid = orderTotals(order).total;
    order.lines[0]!.unitPrice = 1 as typeof order.lines[0]['unitPrice'];
    order.lines[0]!.discount = 0 as typeof order.lines[0]['discount'];
    expect(orderTotals(order).total).toBeLessThan(paid);
    sim.state.refunds.set(order.id, [{ id: 1, createdAt: 0, note: null, lines: [], shipping: undefined, total: orderTotals(order).total }]);
    const over = (await post(REFUND, { input: { orderId, refundLineItems: [{ lineItemId: lineId(1), quantity: 1 }] }, key: 'o' })).data.refundCreate;
    expect(over).toMatchObject({ refund: null, userErrors: [{ field: ['refundLineItems'], message: expect.stringMatching(/^Refund exceeds the amount paid/) }] });
    expect(sim.state.refunds.get(order.id)).toHaveLength(1);
  });

  it('takes no idempotency key in 2026-01 and requires one from 2026-04', async () => {
    const { orderId, lineId, post } = await start();
    const input = { orderId, refundLineItems: [{ lineItemId: lineId(1), quantity: 1 }] };
    expect((await post(REFUND_WITHOUT_KEY, { input }, '2026-01')).data.refundCreate.userErrors).toEqual([]);
    const refused = await post(REFUND_WITHOUT_KEY, { input: { ...input, refundLineItems: [{ lineItemId: lineId(0), quantity: 1 }] } }, '2026-04');
    expect(refused.errors?.[0]?.message).toBe('The @idempotent directive is required for this mutation.');
  });
});

describe('Shopify simulator: orderCancel', () => {
  it('answers a job; the order shows cancelledAt only once the job has run, on the next request', async () => {
    const { orderId, post, read } = await start();
    const answer = (await post(CANCEL, { id: orderId, refund: false })).data.orderCancel;
    expect(answer).toEqual({ job: { id: expect.stringMatching(/^gid:\/\/shopify\/Job\/\d+$/), done: false }, orderCancelUserErrors: [] });
    const after = await read();
    expect(after).toMatchObject({ cancelReason: 'CUSTOMER', cancellation: { staffNote: 'asked by phone' }, displayFinancialStatus: 'PAID', refunds: [] });
    expect(after.cancelledAt).toEqual(expect.any(String));
    expect(after.fulfillmentOrders.nodes.every((fulfillmentOrder: { status: string }) => fulfillmentOrder.status === 'CLOSED')).toBe(true);
    expect((await post(JOB, { id: answer.job.id })).data.job).toEqual({ id: answer.job.id, done: true, query: { shop: { name: expect.any(String) } } });
  });

  it('does not show the cancellation in the request that asked for it', async () => {
    const { orderId, post } = await start();
    const both = await post(`mutation ($id: ID!) { orderCancel(orderId: $id, reason: STAFF, restock: false) { job { done query { order(id: $id) { cancelledAt } } } } }`, { id: orderId });
    expect(both.data.orderCancel.job).toEqual({ done: false, query: null });
  });

  it('refunds what is left when asked to, and refuses an order cancelled already or unknown', async () => {
    const { sim, order, orderId, post, read } = await start();
    await post(CANCEL, { id: orderId, refund: true });
    const pending = (await post(CANCEL, { id: orderId, refund: true })).data.orderCancel;
    // The first job ran at the start of this second request: the order is cancelled by now.
    expect(pending).toEqual({ job: null, orderCancelUserErrors: [{ code: 'INVALID', field: ['orderId'], message: expect.any(String) }] });
    const after = await read();
    expect(after.displayFinancialStatus).toBe('REFUNDED');
    expect(after.refunds).toHaveLength(1);
    expect(Math.round(Number(after.refunds[0].totalRefundedSet.shopMoney.amount) * 100)).toBe(orderTotals(order).total);
    expect(sim.state.refunds.get(order.id)?.[0]?.lines.every((line) => line.quantity > 0)).toBe(true);
    const unknown = (await post(CANCEL, { id: 'gid://shopify/Order/1', refund: false })).data.orderCancel;
    expect(unknown.orderCancelUserErrors).toEqual([{ code: 'NOT_FOUND', field: ['orderId'], message: 'Order does not exist' }]);
  });

  it('voids an order that was not paid', async () => {
    const { sim, post } = await start();
    const [unpaid] = sim.state.addOrders(1, { financialStatus: 'PENDING' });
    await post(CANCEL, { id: `gid://shopify/Order/${unpaid!.id}`, refund: true });
    expect((await post(ORDER, { id: `gid://shopify/Order/${unpaid!.id}` })).data.order).toMatchObject({ displayFinancialStatus: 'VOIDED', refunds: [] });
  });
});
