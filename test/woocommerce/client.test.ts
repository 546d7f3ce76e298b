import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createWooCommerceClient } from '../../src/connectors/woocommerce/client.js';
import { isSyncHttpError } from '../../src/connectors/http/errors.js';
import type { CallRecord } from '../../src/connectors/http/types.js';
import type { ShopOrder } from '../../src/connectors/webshop.js';
import { seededRandom } from '../../src/sandbox/harness/random.js';
import { useTmpDir } from '../helpers/tmp-dir.js';
import { makeLoopbackCertificate } from './helpers/tls.js';
import { useWooShops } from './helpers/shops.js';

const makeTmpDir = useTmpDir('woo-client-');
// The seeded shop's 40 orders unless a test says otherwise.
const { shop, clientFor } = useWooShops({});

async function readAll(pages: AsyncIterable<ShopOrder[]>): Promise<ShopOrder[]> {
  const seen: ShopOrder[] = [];
  for await (const page of pages) seen.push(...page);
  return seen;
}

const isListCall = (call: CallRecord): boolean => call.method === 'GET' && call.path.startsWith('/wp-json/wc/v3/orders?');
const versionKey = (order: ShopOrder): string => `${order.id}@${order.modifiedAt.toISOString()}`;

describe('WooCommerce client', () => {
  it('pages through 5,000 orders over HTTP with OAuth 1.0a, oldest first, each once', async () => {
    const woo = await shop({ orders: 5_000, orderSpacingSeconds: 30 });
    const calls: CallRecord[] = [];
    const client = clientFor(woo, { onCall: (call) => calls.push(call) });

    const orders = await readAll(client.changedOrders(new Date(0)));

    expect(orders).toHaveLength(5_000);
    expect(new Set(orders.map((order) => order.id)).size).toBe(5_000);
    const keys = orders.map((order) => [order.modifiedAt.getTime(), Number(order.id)] as const);
    expect(keys).toEqual([...keys].sort(([a, idA], [b, idB]) => a - b || idA - idB));
    // One list call per page of 100, plus the one-second overlaps and the final short page.
    expect(calls.filter(isListCall).length).toBeLessThanOrEqual(60);
    // Accepted over plain http, which the simulator allows only when signed (OAuth 1.0a); the signature stays out of what is shown.
    expect(calls.every((call) => call.status === 200 && !call.path.includes('oauth_'))).toBe(true);
    expect(calls.some((call) => call.path.includes(woo.config.consumerSecret))).toBe(false);

    // The mapped amounts add up: lines after discounts, shipping and fees make the total paid.
    for (const order of orders.filter((candidate) => candidate.totals.tax > 0)) {
      const lines = order.lines.reduce((sum, line) => sum + line.unitPrice * line.quantity - line.discount, 0);
      const charges = [...order.shippingLines, ...order.feeLines].reduce((sum, charge) => sum + charge.amount, 0);
      expect(lines + charges, `order ${order.number}`).toBe(order.totals.total);
    }
  });

  it('neither skips nor doubles orders modified between page requests', async () => {
    const woo = await shop({ orders: 1_200, orderSpacingSeconds: 60 });
    const random = seededRandom(42);
    const ids = [...woo.state.orders.keys()];
    let listCalls = 0;
    const client = clientFor(woo, {
      onCall: (call) => {
        if (!isListCall(call) || ++listCalls > 10) return;
        // The shop owner edits orders already read and orders not read yet, while the sync pages.
        for (let edit = 0; edit < 8; edit += 1) woo.state.modifyOrder(ids[Math.floor(random() * ids.length)]!);
      },
    });

    const orders = await readAll(client.changedOrders(new Date(0)));

    expect(new Set(orders.map((order) => order.id))).toEqual(new Set(ids.map(String)));
    expect(new Set(orders.map(versionKey)).size).toBe(orders.length);
    // Every order's latest version was read.
    const latest = new Set(orders.map(versionKey));
    for (const order of woo.state.orders.values()) {
      expect(latest.has(`${order.id}@${new Date(order.modifiedAt).toISOString()}`), `order ${order.id}`).toBe(true);
    }
  });

  it('reads a bulk edit of more than a page inside one second completely, even as it changes', async () => {
    const woo = await shop({ orders: 400, orderSpacingSeconds: 60 });
    const bulk = [...woo.state.orders.values()].slice(100, 350);
    const second = bulk[0]!.modifiedAt;
    for (const order of bulk) order.modifiedAt = second;
    let sameSecondCalls = 0;
    const client = clientFor(woo, {
      onCall: (call) => {
        // While the sync reads that second page by page, two of its orders change and leave it.
        if (call.path.includes('modified_before=') && ++sameSecondCalls <= 2) {
          woo.state.modifyOrder(bulk[sameSecondCalls * 3]!.id);
          woo.state.modifyOrder(bulk[240 - sameSecondCalls]!.id);
        }
      },
    });

    const orders = await readAll(client.changedOrders(new Date(0)));

    expect(sameSecondCalls).toBeGreaterThan(2);
    expect(new Set(orders.map((order) => order.id)).size).toBe(400);
    expect(new Set(orders.map(versionKey)).size).toBe(orders.length);
  });

  it('loses nothing when the shop clock is 90 s behind ours', async () => {
    const woo = await shop({ orders: 50, clockOffsetMs: -90_000 });
    const client = clientFor(woo);
    const first = await readAll(client.changedOrders(new Date(0)));
    // The checkpoint is the newest modified time read, never our wall clock.
    const checkpoint = new Date(Math.max(...first.map((order) => order.modifiedAt.getTime())));
    const ourClockAfterRun = Date.now();

    const changed = [...woo.state.orders.keys()].slice(0, 3).map((id) => woo.state.modifyOrder(id, { status: 'completed' }));
    const second = await readAll(client.changedOrders(checkpoint));

    // Stamped by the shop before our clock's "end of run": a wall-clock checkpoint would skip them.
    expect(changed.every((order) => order.modifiedAt < ourClockAfterRun)).toBe(true);
    expect(second.map((order) => order.id)).toEqual(expect.arrayContaining(changed.map((order) => String(order.id))));
    expect(second.find((order) => order.id === String(changed[0]!.id))?.status).toBe('completed');
  });

  it('works with Basic auth over HTTPS, trusting the test CA through NODE_EXTRA_CA_CERTS', async () => {
    const tls = makeLoopbackCertificate(makeTmpDir());
    const woo = await shop({ orders: 120, tls });
    // Asynchronously: the simulator answering it lives in this process.
    const child = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./helpers/list-orders-child.ts', import.meta.url))], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: tls.certPath, WOO_URL: woo.config.url, WOO_KEY: woo.config.consumerKey, WOO_SECRET: woo.config.consumerSecret },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    const result = JSON.parse(child.stdout) as { ids: string[]; identity: { id: string; platform: string } };
    expect(new Set(result.ids).size).toBe(120);
    expect(result.identity).toMatchObject({ platform: 'woocommerce', id: woo.config.url });
  });

  it('refuses Basic auth over plain HTTP before sending anything', () => {
    expect(() =>
      createWooCommerceClient({ url: 'http://shop.test', consumerKey: 'ck_x', consumerSecret: 'cs_x', auth: 'basic' }),
    ).toThrow(/only over HTTPS/);
  });

  it('reports refused credentials as an auth error without the secret', async () => {
    const woo = await shop({ orders: 1 });
    const client = clientFor(woo, { consumerSecret: 'cs_wrong_secret_value' });
    const error = await readAll(client.changedOrders(new Date(0))).catch((caught: unknown) => caught);
    expect(isSyncHttpError(error) && error.kind).toBe('auth');
    expect(String((error as Error).message)).toContain('Invalid signature');
    expect(JSON.stringify(error)).not.toContain('cs_wrong_secret_value');
    expect(String((error as Error).message)).not.toContain('cs_wrong_secret_value');
  });

  it('finds one order by its number, with or without #, and nothing for an unknown one', async () => {
    const woo = await shop({ orders: 20 });
    const client = clientFor(woo);
    const [id] = woo.state.orders.keys();
    expect((await client.orderByNumber(String(id)))?.id).toBe(String(id));
    expect((await client.orderByNumber(`#${id}`))?.number).toBe(String(id));
    expect(await client.orderByNumber('99999')).toBeUndefined();
  });
});
