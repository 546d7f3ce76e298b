import { describe, expect, it } from 'vitest';
import { graphqlPost, useShopifySims } from './helpers/sims.js';

/** Pins fulfillment orders and fulfillmentCreate to webshops.md §6 and the 2026-01 schema. */
const sims = useShopifySims();

const STATE = `query ($id: ID!) { order(id: $id) { displayFulfillmentStatus lineItems(first: 5) { nodes { id quantity unfulfilledQuantity } }
  fulfillmentOrders(first: 5) { nodes { id status supportedActions { action } lineItems(first: 5) { nodes { id totalQuantity remainingQuantity lineItem { id } } } } } } }`;
const CREATE = `mutation ($fulfillment: FulfillmentInput!) { fulfillmentCreate(fulfillment: $fulfillment) {
  fulfillment { id status trackingInfo { number company url } } userErrors { field message } } }`;

async function start() {
  const sim = await sims.start();
  const [order] = sim.state.addOrders(1, { lineCount: 2, financialStatus: 'PAID' });
  order!.fulfillmentStatus = 'UNFULFILLED';
  const post = async (query: string, variables: Record<string, unknown>) => (await graphqlPost(sim, query, variables)) as { data: Record<string, any> };
  const state = async () => (await post(STATE, { id: `gid://shopify/Order/${order!.id}` })).data.order;
  return { sim, order: order!, post, state };
}

describe('Shopify simulator: fulfillment orders', () => {
  it('has one open fulfillment order holding every line, and fulfils all that remains when no line items are named', async () => {
    const { post, state } = await start();
    const before = await state();
    const [fulfillmentOrder] = before.fulfillmentOrders.nodes;
    expect(fulfillmentOrder).toMatchObject({ status: 'OPEN', supportedActions: [{ action: 'CREATE_FULFILLMENT' }] });
    expect(fulfillmentOrder.lineItems.nodes.map((line: { lineItem: { id: string } }) => line.lineItem.id)).toEqual(before.lineItems.nodes.map((line: { id: string }) => line.id));
    const answer = await post(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id }], trackingInfo: { number: 'T1', company: 'GLS' } } });
    expect(answer.data.fulfillmentCreate).toMatchObject({ fulfillment: { status: 'SUCCESS', trackingInfo: [{ number: 'T1', company: 'GLS', url: null }] }, userErrors: [] });
    const after = await state();
    expect(after.displayFulfillmentStatus).toBe('FULFILLED');
    expect(after.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'CLOSED', supportedActions: [] });
    expect(after.lineItems.nodes.every((line: { unfulfilledQuantity: number }) => line.unfulfilledQuantity === 0)).toBe(true);
  });

  it('refuses more than remains, and a closed fulfillment order, applying nothing', async () => {
    const { post, state } = await start();
    const [fulfillmentOrder] = (await state()).fulfillmentOrders.nodes;
    const [line] = fulfillmentOrder.lineItems.nodes;
    const over = await post(CREATE, {
      fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: line.remainingQuantity + 1 }] }] },
    });
    expect(over.data.fulfillmentCreate).toEqual({ fulfillment: null, userErrors: [{ field: expect.any(Array), message: 'Invalid fulfillment order line item quantity requested.' }] });
    expect((await state()).fulfillmentOrders.nodes[0].lineItems.nodes[0].remainingQuantity).toBe(line.remainingQuantity);

    await post(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id }] } });
    const again = await post(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id }] } });
    expect(again.data.fulfillmentCreate.userErrors[0].message).toBe('Invalid fulfillment order line item quantity requested.');
  });

  it('leaves a partly fulfilled fulfillment order in progress', async () => {
    const { post, state } = await start();
    const [fulfillmentOrder] = (await state()).fulfillmentOrders.nodes;
    const [line] = fulfillmentOrder.lineItems.nodes;
    await post(CREATE, { fulfillment: { lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: fulfillmentOrder.id, fulfillmentOrderLineItems: [{ id: line.id, quantity: 1 }] }] } });
    const after = await state();
    expect(after.fulfillmentOrders.nodes[0]).toMatchObject({ status: 'IN_PROGRESS', supportedActions: [{ action: 'CREATE_FULFILLMENT' }] });
    expect(after.displayFulfillmentStatus).toBe('PARTIALLY_FULFILLED');
  });
});
