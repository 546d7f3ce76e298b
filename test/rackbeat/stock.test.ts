import { describe, expect, it } from 'vitest';
import type { CallRecord } from '../../src/connectors/http/types.js';
import { addBulkProducts } from './fixtures.js';
import { useRackbeatSimulator } from './use-simulator.js';

/** Reading Rackbeat's stock over loopback from the simulator: every product in pages of 1000, a location's stock, the locations. */
const start = useRackbeatSimulator();

async function setup() {
  const calls: CallRecord[] = [];
  const { sim, client } = await start({ onCall: (call) => calls.push(call) });
  return { sim, client, calls };
}

describe('Rackbeat stock reader', () => {
  it('reads every product in pages of 1000, only the stock fields, with available as Rackbeat computes it', async () => {
    const { sim, client, calls } = await setup();
    addBulkProducts(sim.state, 1_500);
    const total = sim.state.products.size;
    sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'BULK-00003', quantity: 4 }] }, { book: true });
    const products = [];
    for await (const page of client.stock.allProducts()) products.push(...page);
    expect(products).toHaveLength(total);
    expect(new Set(products.map((product) => product.number)).size).toBe(total);
    expect(products.find((product) => product.number === 'BULK-00003')).toMatchObject({ inStock: 10, available: 6 });
    const lists = calls.filter((call) => call.path.startsWith('/products?'));
    expect(lists).toHaveLength(Math.ceil(total / 1000));
    expect(lists[0]!.path).toContain('limit=1000');
    expect(decodeURIComponent(lists[0]!.path)).toContain('fields=id,number,stock_quantity,in_order_quantity,available_quantity');
  });

  it("reads one location's stock: units placed there, the rest and the reservations at the default location", async () => {
    const { sim, client } = await setup();
    sim.state.locations.place('CAP-001', 2, 7);
    sim.state.createOrderByPerson({ customerNumber: 1001, lines: [{ sku: 'CAP-001', quantity: 3 }] }, { book: true });
    expect(await client.stock.locations()).toEqual([
      { number: 1, name: 'Main' },
      { number: 2, name: 'Outlet' },
    ]);
    expect(await client.stock.atLocation('CAP-001', 2)).toEqual({ inStock: 7, available: 7 });
    expect(await client.stock.atLocation('CAP-001', 1)).toEqual({ inStock: 193, available: 190 });
    // Product numbers with `/` and `#` go encoded once.
    expect(await client.stock.atLocation('GIFT/BOX 01', 1)).toEqual({ inStock: 55, available: 55 });
  });
});
