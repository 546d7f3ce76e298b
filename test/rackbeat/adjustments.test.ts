import { describe, expect, it } from 'vitest';
import { callRackbeat } from './sim-fetch.js';
import { useRackbeatSimulator } from './use-simulator.js';

/**
 * Rackbeat inventory adjustments: the simulator's contract over raw HTTP (what a Laravel app answers:
 * 201 drafts, 422 per field, 200 on booking, 206 lists under `inventory_regulations`), then our
 * client against it (create, find by description, book, a lost answer).
 */
const start = useRackbeatSimulator();

async function setup(options: Parameters<typeof start>[0] = {}) {
  const { sim, client } = await start(options);
  return { sim, client, call: (method: string, path: string, body?: unknown) => callRackbeat(sim.config.url, method, path, body) };
}

const FORM = { location_number: '2', quantity: 3, regulated_at: '2026-12-07 10:00:00', reason: 'Webshop return', item_type: 'product', item_number: 'CAP-001', description: 'shopify-refund:1 sku:CAP-001' };

describe('Rackbeat simulator: inventory adjustments', () => {
  it('makes a draft that moves nothing until booked; booking moves the product in all and at its location, once', async () => {
    const { sim, call } = await setup();
    const product = sim.state.products.get('CAP-001')!;
    const outlet = sim.state.locations.get(2)!;
    const [total, atOutlet] = [product.stockQuantity, sim.state.locations.at(product, outlet).stock];

    const made = await call('POST', '/inventory-adjustments', FORM);
    expect(made.status).toBe(201);
    const adjustment = made.body.inventory_regulation as Record<string, unknown>;
    expect(adjustment).toMatchObject({ reason: 'Webshop return', description: FORM.description, is_booked: false, booked_at: null, regulated_at: '2026-12-07 10:00:00' });
    expect(adjustment.lines).toEqual([expect.objectContaining({ child_id: product.id, child_type: 'product', location_id: 2, quantity: 3 })]);
    expect(product.stockQuantity).toBe(total);

    const booked = await call('POST', `/inventory-adjustments/${String(adjustment.id)}/book`);
    expect(booked.status).toBe(200);
    expect(booked.body.inventory_regulation).toMatchObject({ is_booked: true });
    expect(product.stockQuantity).toBe(total + 3);
    expect(sim.state.locations.at(product, outlet).stock).toBe(atOutlet + 3);

    // A second booking is refused, and nothing moves again.
    const again = await call('POST', `/inventory-adjustments/${String(adjustment.id)}/book`);
    expect(again.status).toBe(422);
    expect(again.body.errors).toEqual({ id: ['The inventory adjustment has already been booked.'] });
    expect(product.stockQuantity).toBe(total + 3);
    expect((await call('POST', '/inventory-adjustments/999/book')).status).toBe(404);
  });

  it('refuses what Laravel would: every missing field, an unknown product or location, quantity 0, a bad item type', async () => {
    const { sim, call } = await setup();
    const empty = await call('POST', '/inventory-adjustments', {});
    expect(empty.status).toBe(422);
    expect(Object.keys(empty.body.errors as object).sort()).toEqual(['item_number', 'item_type', 'location_number', 'quantity', 'reason', 'regulated_at']);

    const wrong = await call('POST', '/inventory-adjustments', { ...FORM, location_number: 9, quantity: 0, item_type: 'service', item_number: 'NO-SUCH', regulated_at: 'yesterday' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual({
      location_number: ['The selected location number is invalid.'],
      quantity: ['The selected quantity is invalid.'],
      regulated_at: ['The regulated at does not match the format Y-m-d H:i:s.'],
      item_type: ['The selected item type is invalid.'],
      item_number: ['The selected item number is invalid.'],
    });
    expect(sim.state.adjustments.all.size).toBe(0);
  });

  it('lists them under inventory_regulations with 206, filtered by updated_at_from and is_booked', async () => {
    const { sim, call } = await setup();
    await call('POST', '/inventory-adjustments', FORM);
    sim.state.advanceClock(3_600_000);
    const later = await call('POST', '/inventory-adjustments', { ...FORM, description: 'shopify-refund:2 sku:CAP-001' });
    await call('POST', `/inventory-adjustments/${String((later.body.inventory_regulation as { id: number }).id)}/book`);

    const all = await call('GET', '/inventory-movements');
    expect(all.status).toBe(206);
    expect(all.body).toMatchObject({ total: 2, pages: 1, page: 1 });
    const booked = await call('GET', '/inventory-movements?is_booked=true');
    expect((booked.body.inventory_regulations as Array<{ description: string }>).map((row) => row.description)).toEqual(['shopify-refund:2 sku:CAP-001']);
    const since = (all.body.inventory_regulations as Array<{ updated_at: string }>)[1]!.updated_at;
    const recent = await call('GET', `/inventory-movements?updated_at_from=${encodeURIComponent(since)}`);
    expect(recent.body.total).toBe(1);
  });
});

describe('Rackbeat client: inventory adjustments', () => {
  it('creates a draft, finds it by its description, books it, and takes a second booking as done', async () => {
    const { sim, client } = await setup();
    const since = new Date(Date.now() - 60_000);
    const made = await client.adjustments.create({ locationNumber: 1, productNumber: 'GIFT/BOX 01', quantity: 2, regulatedAt: new Date(), reason: 'Webshop return', description: 'woocommerce-refund:7 sku:GIFT/BOX 01' });
    expect(made).toMatchObject({ description: 'woocommerce-refund:7 sku:GIFT/BOX 01', isBooked: false });

    const index = client.adjustments.index();
    const found = await index.find(['woocommerce-refund:7 sku:GIFT/BOX 01', 'woocommerce-refund:8 sku:GIFT/BOX 01'], since);
    expect([...found.keys()]).toEqual(['woocommerce-refund:7 sku:GIFT/BOX 01']);
    const stock = sim.state.products.get('GIFT/BOX 01')!.stockQuantity;
    await index.book(found.get('woocommerce-refund:7 sku:GIFT/BOX 01')!, since);
    expect(sim.state.products.get('GIFT/BOX 01')!.stockQuantity).toBe(stock + 2);
    // A booking whose answer was refused because it was booked already (an earlier attempt did it): done, not an error.
    await expect(client.adjustments.index().book(made, since)).resolves.toBeUndefined();
    expect(sim.state.products.get('GIFT/BOX 01')!.stockQuantity).toBe(stock + 2);
  });

  it('a create whose answer was lost is outcome-unknown, and the adjustment is then found by its description', async () => {
    const { sim, client } = await setup({ retry: { maxRetries: 0 } });
    sim.simulator.addFault({ kind: 'commit-then-drop', match: 'POST /inventory-adjustments', times: 1 });
    const input = { locationNumber: 1, productNumber: 'CAP-001', quantity: 1, regulatedAt: new Date(), reason: 'Webshop return', description: 'shopify-refund:3 sku:CAP-001' };
    await expect(client.adjustments.create(input)).rejects.toMatchObject({ outcomeUnknown: true });
    const found = await client.adjustments.index().find([input.description], new Date(Date.now() - 60_000));
    expect(found.get(input.description)).toMatchObject({ isBooked: false });
  });
});
