import { afterEach, describe, expect, it } from 'vitest';
import { createRackbeatClient } from '../../src/connectors/rackbeat/client.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { Minor } from '../../src/domain/money.js';
import { startRackbeatSimulator, type RackbeatSimulator } from '../../src/sandbox/rackbeat/simulator.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { callsTo, newBuyer, startCountingWorld, type CountingWorld } from './orders-world.js';

/**
 * Issue 15, "Fewer calls per order": a Rackbeat order is not read back when Rackbeat's answer
 * already holds what the totals check needs, and a customer found or created once is remembered,
 * for the run and for later runs through the links, looked up again only when it turns out gone.
 */
const tmp = useTmpDir('iex-sync-calls-');
const closing: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((close) => close()));
});

async function rackbeatWith(orderAnswersWhole: boolean) {
  const sim: RackbeatSimulator = await startRackbeatSimulator({ settings: { orderAnswersWhole } });
  closing.push(() => sim.simulator.close());
  const calls: CallRecord[] = [];
  const client = createRackbeatClient({ ...sim.config, onCall: (call) => calls.push(call) });
  return { client, calls };
}

async function world(): Promise<CountingWorld> {
  const started = await startCountingWorld(tmp());
  closing.push(() => started.close());
  return started;
}

const ORDER = { customerNumber: 1001, heading: 'WooCommerce order #7', currency: 'DKK', lines: [{ sku: 'CAP-001', quantity: 2, unitPrice: 10_000 as Minor }] };

describe('a Rackbeat order is read back only when the answer lacks it', () => {
  it('takes the totals and lines from an answer that holds the whole order: one call to create, one to book', async () => {
    const { client, calls } = await rackbeatWith(true);
    const { order, linePricesKept } = await client.createDraftOrder(ORDER);
    expect(linePricesKept).toBe(true);
    expect(order.lines).toHaveLength(1);
    expect(order.subtotal).toBe(20_000);
    expect((await client.bookOrder(order.number)).isBooked).toBe(true);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['POST /orders/drafts', `POST /orders/${order.number}/book`]);
  });

  it('reads the order back when the answer names only its number, and gets the same totals', async () => {
    const { client, calls } = await rackbeatWith(false);
    const { order, linePricesKept } = await client.createDraftOrder(ORDER);
    expect(linePricesKept).toBe(true);
    expect(order.subtotal).toBe(20_000);
    expect(order.total).toBe(25_000);
    expect(order.lines.map((line) => line.sku)).toEqual(['CAP-001']);
    expect((await client.bookOrder(order.number)).isBooked).toBe(true);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /orders/drafts',
      `GET /orders/${order.number}`,
      `POST /orders/${order.number}/book`,
      `GET /orders/${order.number}`,
    ]);
  });
});

describe('a customer found or created once is remembered', () => {
  it('looks each new buyer up once per system, and not again on the next run', async () => {
    const w = await world();
    w.place(newBuyer(1));
    w.place(newBuyer(1));
    w.place(newBuyer(2));
    const first = await w.run();
    expect(first.result.exitCode).toBe(0);
    expect(first.result.legs.map((leg) => leg.counts.ok)).toEqual([3, 3, 0]);
    // One look-up per new buyer on each system (Rackbeat searches, e-conomic filters by e-mail).
    expect(callsTo(first.calls, 'rackbeat', 'GET', '/customers?')).toHaveLength(2);
    expect(callsTo(first.calls, 'economic', 'GET', '/customers?')).toHaveLength(2);
    // Create and book, nothing read back.
    expect(callsTo(first.calls, 'rackbeat', 'POST', '/orders')).toHaveLength(6);
    expect(first.calls.filter((call) => call.system === 'rackbeat' && /^\/orders\/\d+$/.test(call.path))).toHaveLength(0);

    w.place(newBuyer(1));
    const second = await w.run();
    expect(second.result.legs.map((leg) => leg.counts.ok)).toEqual([1, 1, 0]);
    expect(callsTo(second.calls, 'rackbeat', 'GET', '/customers?')).toHaveLength(0);
    expect(callsTo(second.calls, 'economic', 'GET', '/customers?')).toHaveLength(0);
    expect([...w.rackbeat.state.customers.values()].filter((customer) => customer.email === newBuyer(1).email)).toHaveLength(1);
  });

  it('looks a remembered customer up again when it was deleted since, and the order goes through to a new one', async () => {
    const w = await world();
    const email = newBuyer(3).email;
    w.place(newBuyer(3));
    expect((await w.run()).result.exitCode).toBe(0);
    const rackbeatCustomer = [...w.rackbeat.state.customers.values()].find((customer) => customer.email === email)!;
    const economicCustomer = [...w.economic.state.customers.values()].find((customer) => customer.email === email)!;
    w.rackbeat.state.customers.delete(rackbeatCustomer.number);
    w.economic.state.customers.delete(economicCustomer.customerNumber as number);

    const order = w.place(newBuyer(3));
    const again = await w.run();
    expect(again.result.exitCode).toBe(0);
    expect(again.result.legs.map((leg) => leg.counts)).toMatchObject([{ ok: 1, failed: 0 }, { ok: 1, failed: 0 }, { ok: 0, failed: 0 }]);
    // Refused once for the gone customer, looked up once, the customer made again, the order made once.
    expect(callsTo(again.calls, 'rackbeat', 'GET', '/customers?')).toHaveLength(1);
    expect(callsTo(again.calls, 'economic', 'GET', '/customers?')).toHaveLength(1);
    expect(callsTo(again.calls, 'rackbeat', 'POST', '/customers')).toHaveLength(1);
    expect(callsTo(again.calls, 'economic', 'POST', '/customers')).toHaveLength(1);
    const madeAgain = [...w.rackbeat.state.customers.values()].find((customer) => customer.email === email)!;
    const orders = [...w.rackbeat.state.orders.values()].filter((made) => made.heading === `WooCommerce order #${order}`);
    expect(orders.map((made) => made.customerNumber)).toEqual([madeAgain.number]);
    expect([...w.economic.state.customers.values()].filter((customer) => customer.email === email)).toHaveLength(1);
  });
});
