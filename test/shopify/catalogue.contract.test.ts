import { describe, expect, it } from 'vitest';
import { graphqlPost, useShopifySims, type GraphqlAnswer } from './helpers/sims.js';

/** Pins the simulator's products, variants, inventory and locations to ../shared/api/webshops.md §2, §4, §5 and the 2026-01 schema. */
const sims = useShopifySims();

async function start() {
  const sim = await sims.start();
  return { sim, post: (query: string, variables: Record<string, unknown> = {}) => graphqlPost(sim, query, variables) };
}

describe('Shopify simulator: products, variants, inventory', () => {
  it('pages products by UPDATED_AT from an updated_at filter, costing each variant node with its objects', async () => {
    const { sim, post } = await start();
    const product = [...sim.state.products.values()][3]!;
    sim.state.updateProduct(product.id, (changed) => (changed.title = 'Renamed'));
    const query = `query ($after: String) { products(first: 2, after: $after, sortKey: UPDATED_AT, query: "updated_at:>='2000-01-01T00:00:00Z'") {
      pageInfo { hasNextPage endCursor } nodes { id title updatedAt variants(first: 3) { nodes { id inventoryItem { id unitCost { amount } } } } } } }`;
    const titles: string[] = [];
    let after: string | null = null;
    for (;;) {
      const answer: GraphqlAnswer = await post(query, { after });
      // 2 + 2 × (1 + 2 + 3 × 3) requested; the actual cost counts what came back.
      expect(answer.extensions?.cost.requestedQueryCost).toBe(26);
      titles.push(...answer.data!.products.nodes.map((node: { title: string }) => node.title));
      if (!answer.data!.products.pageInfo.hasNextPage) break;
      after = answer.data!.products.pageInfo.endCursor;
    }
    expect(titles).toHaveLength(10);
    expect(titles[titles.length - 1]).toBe('Renamed');
  });

  it('finds variants by exact SKU with OR and quoting, and answers a location without id with the primary one', async () => {
    const { post } = await start();
    const answer = await post(`{ productVariants(first: 10, query: "sku:'GIFT/BOX 01' OR sku:\\"MUG#BLK\\" OR sku:TEE") { nodes { sku title product { title } } }
      location { id name } }`);
    expect(answer.data!.productVariants.nodes.map((node: { sku: string }) => node.sku).sort()).toEqual(['GIFT/BOX 01', 'MUG#BLK']);
    expect(answer.data!.location).toEqual({ id: 'gid://shopify/Location/6100000001', name: 'Main warehouse' });
  });

  it('answers an inventory level per location, null where the item is not stocked', async () => {
    const { sim, post } = await start();
    const variant = [...sim.state.variants.values()].find((candidate) => candidate.sku === 'CAP-001')!;
    const answer = await post(`query ($id: ID!) { inventoryItem(id: $id) {
      tracked
      main: inventoryLevel(locationId: "gid://shopify/Location/6100000001") { quantities(names: ["available", "on_hand"]) { name quantity } }
      floor: inventoryLevel(locationId: "gid://shopify/Location/6100000002") { quantities(names: ["available"]) { quantity } } } }`, { id: `gid://shopify/InventoryItem/${variant.inventoryItem.id}` });
    expect(answer.data!.inventoryItem).toEqual({
      tracked: true,
      main: { quantities: [{ name: 'available', quantity: 200 }, { name: 'on_hand', quantity: 200 }] },
      floor: null,
    });
  });
});
