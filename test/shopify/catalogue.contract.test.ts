import { afterEach, describe, expect, it } from 'vitest';
import { startShopifySimulator, type ShopifySimulatorOptions, type StartedShopifySimulator } from '../../src/sandbox/shopify/simulator.js';

/** Pins the simulator's products, variants, inventory and locations to ../shared/api/webshops.md §2, §4, §5 and the 2026-01 schema. */
const started: StartedShopifySimulator[] = [];
afterEach(async () => {
  for (const sim of started.splice(0)) await sim.simulator.close();
});

interface Answer {
  status: number;
  body: {
    data?: Record<string, any> | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
    extensions?: { cost: { requestedQueryCost: number; actualQueryCost: number | null }; search?: unknown[] };
  };
}

async function start(options: ShopifySimulatorOptions = {}) {
  const sim = await startShopifySimulator({ maximumAvailable: 100_000, restoreRate: 100_000, ...options });
  started.push(sim);
  const post = async (query: string, variables: Record<string, unknown> = {}, version = '2026-01'): Promise<Answer> => {
    const response = await fetch(`${sim.simulator.url}/admin/api/${version}/graphql.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shopify-access-token': sim.state.accessToken },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };
  return { sim, post };
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
      const answer: Answer = await post(query, { after });
      // 2 + 2 × (1 + 2 + 3 × 3) requested; the actual cost counts what came back.
      expect(answer.body.extensions?.cost.requestedQueryCost).toBe(26);
      titles.push(...answer.body.data!.products.nodes.map((node: { title: string }) => node.title));
      if (!answer.body.data!.products.pageInfo.hasNextPage) break;
      after = answer.body.data!.products.pageInfo.endCursor;
    }
    expect(titles).toHaveLength(10);
    expect(titles[titles.length - 1]).toBe('Renamed');
  });

  it('finds variants by exact SKU with OR and quoting, and answers a location without id with the primary one', async () => {
    const { post } = await start();
    const answer = await post(`{ productVariants(first: 10, query: "sku:'GIFT/BOX 01' OR sku:\\"MUG#BLK\\" OR sku:TEE") { nodes { sku title product { title } } }
      location { id name } }`);
    expect(answer.body.data!.productVariants.nodes.map((node: { sku: string }) => node.sku).sort()).toEqual(['GIFT/BOX 01', 'MUG#BLK']);
    expect(answer.body.data!.location).toEqual({ id: 'gid://shopify/Location/6100000001', name: 'Main warehouse' });
  });

  it('answers an inventory level per location, null where the item is not stocked', async () => {
    const { sim, post } = await start();
    const variant = [...sim.state.variants.values()].find((candidate) => candidate.sku === 'CAP-001')!;
    const answer = await post(`query ($id: ID!) { inventoryItem(id: $id) {
      tracked
      main: inventoryLevel(locationId: "gid://shopify/Location/6100000001") { quantities(names: ["available", "on_hand"]) { name quantity } }
      floor: inventoryLevel(locationId: "gid://shopify/Location/6100000002") { quantities(names: ["available"]) { quantity } } } }`, { id: `gid://shopify/InventoryItem/${variant.inventoryItem.id}` });
    expect(answer.body.data!.inventoryItem).toEqual({
      tracked: true,
      main: { quantities: [{ name: 'available', quantity: 200 }, { name: 'on_hand', quantity: 200 }] },
      floor: null,
    });
  });
});
