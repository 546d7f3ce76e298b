import { describe, expect, it } from 'vitest';
import { graphqlPost, useShopifySims } from './helpers/sims.js';

/**
 * Pins inventorySetQuantities to webshops.md §5 and the 2026-01 schema: what it refuses with user
 * errors (applying nothing), what it refuses outright, and its idempotency keys.
 */
const sims = useShopifySims();

const SET = `mutation ($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id changes(quantityNames: ["available"]) { name delta quantityAfterChange } } userErrors { code field message } } }`;
const SET_WITH_KEY = `mutation ($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code field message } } }`;
const PRIMARY = 'gid://shopify/Location/6100000001';

async function start() {
  const sim = await sims.start();
  const item = (sku: string) => `gid://shopify/InventoryItem/${[...sim.state.variants.values()].find((variant) => variant.sku === sku)!.inventoryItem.id}`;
  const available = (sku: string) => sim.state.inventory.available(Number(item(sku).split('/').pop()), 6_100_000_001);
  const post = (query: string, variables: Record<string, unknown>, version?: string) => graphqlPost(sim, query, variables, version);
  const input = (quantities: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) => ({ name: 'available', reason: 'correction', quantities, ...extra });
  return { sim, item, available, post, input };
}

describe('Shopify simulator: inventorySetQuantities', () => {
  it('sets the level and reports the change', async () => {
    const { item, available, post, input } = await start();
    const answer = await post(SET, { input: input([{ inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 150, changeFromQuantity: 200 }]) });
    expect(answer.data!.inventorySetQuantities).toMatchObject({
      inventoryAdjustmentGroup: { changes: [{ name: 'available', delta: -50, quantityAfterChange: 150 }] },
      userErrors: [],
    });
    expect(available('CAP-001')).toBe(150);
  });

  it('wants a compare quantity in 2026-01 unless changeFromQuantity is given (null skips the check): COMPARE_QUANTITY_REQUIRED, nothing applied', async () => {
    const { item, available, post, input } = await start();
    const answer = await post(SET, {
      input: input([
        { inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 1, changeFromQuantity: null },
        { inventoryItemId: item('MUG#BLK'), locationId: PRIMARY, quantity: 1 },
      ]),
    });
    expect(answer.data!.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [{ code: 'COMPARE_QUANTITY_REQUIRED', field: ['input', 'quantities', '1', 'compareQuantity'], message: expect.any(String) }],
    });
    expect(available('CAP-001')).toBe(200);
  });

  it('refuses a stale changeFromQuantity, an unknown name or reason, a negative quantity, a repeated item', async () => {
    const { item, post, input } = await start();
    const quantity = { inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: -1, changeFromQuantity: 7 };
    const answer = await post(SET, { input: input([quantity, { ...quantity, quantity: 1, changeFromQuantity: null }], { name: 'stock', reason: 'sync' }) });
    expect(answer.data!.inventorySetQuantities.userErrors.map((error: { code: string }) => error.code)).toEqual([
      'INVALID_NAME',
      'INVALID_REASON',
      'INVALID_QUANTITY_NEGATIVE',
      'CHANGE_FROM_QUANTITY_STALE',
      'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
    ]);
  });

  it('refuses a call without a required input field at validation, without data', async () => {
    const { item, post } = await start();
    const answer = await post(SET, { input: { name: 'available', quantities: [{ inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 1, changeFromQuantity: null }] } });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.message).toContain('reason');
  });

  it('refuses more than 250 quantities in one call', async () => {
    const { item, post, input } = await start();
    const quantities = Array.from({ length: 251 }, () => ({ inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 1, changeFromQuantity: null }));
    const answer = await post(SET, { input: input(quantities) });
    expect(answer.data ?? null).toBeNull();
    expect(answer.errors?.[0]?.extensions?.code).toBe('MAX_INPUT_SIZE_EXCEEDED');
  });

  it('answers a key seen before with the first result, another body under it with IDEMPOTENCY_KEY_PARAMETER_MISMATCH', async () => {
    const { item, available, post, input } = await start();
    const body = input([{ inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 10, changeFromQuantity: null }]);
    const first = await post(SET_WITH_KEY, { input: body, key: 'k-1' });
    const again = await post(SET_WITH_KEY, { input: body, key: 'k-1' });
    expect(again.data!.inventorySetQuantities.inventoryAdjustmentGroup.id).toBe(first.data!.inventorySetQuantities.inventoryAdjustmentGroup.id);
    const other = await post(SET_WITH_KEY, { input: { ...body, quantities: [{ ...body.quantities[0], quantity: 11 }] }, key: 'k-1' });
    expect(other.data!.inventorySetQuantities.userErrors[0].code).toBe('IDEMPOTENCY_KEY_PARAMETER_MISMATCH');
    expect(available('CAP-001')).toBe(10);
  });

  it('requires the idempotency key and changeFromQuantity from 2026-04', async () => {
    const { item, post, input } = await start();
    const quantity = { inventoryItemId: item('CAP-001'), locationId: PRIMARY, quantity: 1 };
    const withoutKey = await post(SET, { input: input([{ ...quantity, changeFromQuantity: null }]) }, '2026-04');
    expect(withoutKey.errors?.[0]?.message).toContain('@idempotent');
    const withoutChangeFrom = await post(SET_WITH_KEY, { input: input([quantity]), key: 'k-2' }, '2026-04');
    expect(withoutChangeFrom.errors?.[0]?.message).toContain('changeFromQuantity');
    expect(withoutChangeFrom.data!.inventorySetQuantities).toBeNull();
  });
});
