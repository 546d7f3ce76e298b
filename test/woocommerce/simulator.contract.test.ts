import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWooCommerceSimulator, type WooCommerceSimulator } from '../../src/sandbox/woocommerce/simulator.js';
import type { WooBatchResponse, WooErrorBody, WooOrder, WooProduct, WooVariation } from '../../src/connectors/woocommerce/types.js';
import { makeLoopbackCertificate } from './helpers/tls.js';
import { rawRequest, signedUrl, type RawAnswer } from './helpers/raw-request.js';

/** Pins the WooCommerce simulator to ../shared/api/webshops.md Part B; each test names its fact. */
const API = '/wp-json/wc/v3';
const NOW = Date.parse('2026-10-05T12:00:00Z');

describe('WooCommerce simulator over HTTPS (Basic auth)', () => {
  let dir: string;
  let ca: string;
  let woo: WooCommerceSimulator;
  let basic: string;
  const get = (path: string, headers: Record<string, string> = { authorization: basic }): Promise<RawAnswer> =>
    rawRequest(`${woo.simulator.url}${API}${path}`, { headers, ca });
  const send = (method: string, path: string, body: unknown): Promise<RawAnswer> =>
    rawRequest(`${woo.simulator.url}${API}${path}`, { method, body, headers: { authorization: basic }, ca });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'woo-contract-'));
    const tls = makeLoopbackCertificate(dir);
    ca = tls.cert;
    woo = await startWooCommerceSimulator({ tls, orders: 60, now: () => NOW, orderSpacingSeconds: 300 });
    basic = `Basic ${Buffer.from(`${woo.config.consumerKey}:${woo.config.consumerSecret}`).toString('base64')}`;
  });
  afterAll(async () => {
    await woo.simulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('auth (§8, WC_REST_Authentication)', () => {
    it('refuses a request without credentials as the endpoint permission check does', async () => {
      const answer = await get('/orders', {});
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ code: 'woocommerce_rest_cannot_view', message: 'Sorry, you cannot list resources.', data: { status: 401 } });
    });

    it('refuses a wrong secret with woocommerce_rest_authentication_error and a Basic challenge', async () => {
      const wrong = `Basic ${Buffer.from(`${woo.config.consumerKey}:cs_wrong`).toString('base64')}`;
      const answer = await get('/orders', { authorization: wrong });
      expect(answer.status).toBe(401);
      expect((answer.body as WooErrorBody).code).toBe('woocommerce_rest_authentication_error');
      expect((answer.body as WooErrorBody).message).toBe('Consumer secret is invalid.');
      expect(answer.headers['www-authenticate']).toMatch(/^Basic realm=/);
    });

    it('treats an unknown key as anonymous', async () => {
      const unknown = `Basic ${Buffer.from('ck_unknown:cs_unknown').toString('base64')}`;
      const answer = await get('/orders/1', { authorization: unknown });
      expect(answer.status).toBe(401);
      expect((answer.body as WooErrorBody).code).toBe('woocommerce_rest_cannot_view');
    });

    it('takes consumer_key and consumer_secret as query parameters over HTTPS', async () => {
      const query = `?consumer_key=${woo.config.consumerKey}&consumer_secret=${woo.config.consumerSecret}`;
      expect((await get(`/orders${query}`, {})).status).toBe(200);
    });

    it('leaves the WordPress REST index public', async () => {
      const answer = await rawRequest(`${woo.simulator.url}/wp-json/`, { ca });
      expect(answer.status).toBe(200);
      expect((answer.body as { namespaces: string[] }).namespaces).toContain('wc/v3');
    });
  });

  describe('paging (§9)', () => {
    it('answers per_page over 100 with the exact rest_invalid_param body', async () => {
      const answer = await get('/orders?per_page=101');
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        code: 'rest_invalid_param',
        message: 'Invalid parameter(s): per_page',
        data: {
          status: 400,
          params: { per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)' },
          details: {
            per_page: { code: 'rest_out_of_bounds', message: 'per_page must be between 1 (inclusive) and 100 (inclusive)', data: null },
          },
        },
      });
      expect((await get('/orders?per_page=0')).status).toBe(400);
      expect((await get('/orders?per_page=100')).status).toBe(200);
    });

    it('defaults to 10 per page and reports X-WP-Total, X-WP-TotalPages and Link prev/next', async () => {
      const first = await get('/orders');
      expect(first.body).toHaveLength(10);
      expect(first.headers['x-wp-total']).toBe('60');
      expect(first.headers['x-wp-totalpages']).toBe('6');
      expect(first.headers.link).toMatch(/page=2>; rel="next"$/);
      const middle = await get('/orders?page=3');
      expect(middle.headers.link).toMatch(/page=2>; rel="prev", <.*page=4>; rel="next"/);
    });

    it('answers a page past the end with 200, [] and the counts still right', async () => {
      const past = await get('/orders?per_page=50&page=9');
      expect(past.status).toBe(200);
      expect(past.body).toEqual([]);
      expect(past.headers['x-wp-total']).toBe('60');
      expect(past.headers['x-wp-totalpages']).toBe('2');
    });
  });

  describe('filters and ordering (§9)', () => {
    let all: WooOrder[];
    beforeAll(async () => {
      all = (await get('/orders?per_page=100&orderby=modified&order=asc&dates_are_gmt=true')).body as WooOrder[];
    });

    it('orders by modified ascending with the id as tiebreak', () => {
      const keys = all.map((order) => [order.date_modified_gmt, order.id] as const);
      const sorted = [...keys].sort(([a, idA], [b, idB]) => a.localeCompare(b) || idA - idB);
      expect(keys).toEqual(sorted);
      // The seed has orders sharing a modified second, so the tiebreak is exercised.
      expect(new Set(keys.map(([modified]) => modified)).size).toBeLessThan(keys.length);
    });

    it('treats modified_after as strictly later, against GMT with dates_are_gmt=true', async () => {
      const pivot = all[20]!;
      const later = (await get(`/orders?per_page=100&orderby=modified&order=asc&dates_are_gmt=true&modified_after=${pivot.date_modified_gmt}`))
        .body as WooOrder[];
      expect(later.length).toBeGreaterThan(0);
      expect(later.every((order) => order.date_modified_gmt > pivot.date_modified_gmt)).toBe(true);
      expect(later.length).toBe(all.filter((order) => order.date_modified_gmt > pivot.date_modified_gmt).length);
    });

    it('compares against site-local time without dates_are_gmt, ignoring a zone suffix', async () => {
      const pivot = all[20]!;
      const gmt = (await get(`/orders?per_page=100&dates_are_gmt=true&modified_after=${pivot.date_modified_gmt}`)).body as WooOrder[];
      const local = (await get(`/orders?per_page=100&modified_after=${pivot.date_modified}`)).body as WooOrder[];
      const gmtAsLocal = (await get(`/orders?per_page=100&modified_after=${pivot.date_modified_gmt}Z`)).body as WooOrder[];
      expect(local.map((order) => order.id).sort()).toEqual(gmt.map((order) => order.id).sort());
      // The site is two hours ahead: the GMT value read as local time lets two more hours in.
      expect(gmtAsLocal.length).toBeGreaterThan(gmt.length);
    });

    it('lists every status by default and filters by status', async () => {
      const statuses = new Set(all.map((order) => order.status));
      expect([...statuses].sort()).toEqual(['cancelled', 'completed', 'failed', 'on-hold', 'pending', 'processing', 'refunded']);
      const pending = (await get('/orders?per_page=100&status=pending')).body as WooOrder[];
      expect(pending.length).toBe(all.filter((order) => order.status === 'pending').length);
      expect((await get('/orders?status=shipped')).status).toBe(400);
    });

    it('refuses unknown orderby and malformed dates with rest_invalid_param', async () => {
      expect(((await get('/orders?orderby=total')).body as WooErrorBody).code).toBe('rest_invalid_param');
      expect(((await get('/orders?modified_after=yesterday')).body as WooErrorBody).data?.params).toEqual({ modified_after: 'Invalid date.' });
    });
  });

  describe('order shape (§9)', () => {
    it('sends naive dates, money as strings, line price as a number equal to total / quantity', async () => {
      const order = ((await get('/orders?per_page=1')).body as WooOrder[])[0]!;
      expect(order.date_modified_gmt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      expect(order.total).toMatch(/^-?\d+\.\d{2}$/);
      for (const line of order.line_items) {
        expect(typeof line.price).toBe('number');
        expect(line.price).toBeCloseTo(Number(line.total) / line.quantity, 8);
      }
      const itemsTotal = order.line_items.reduce((sum, line) => sum + Math.round(Number(line.total) * 100) + Math.round(Number(line.total_tax) * 100), 0);
      const extras = [...order.shipping_lines, ...order.fee_lines].reduce((sum, line) => sum + Math.round(Number(line.total) * 100) + Math.round(Number(line.total_tax) * 100), 0);
      expect(itemsTotal + extras).toBe(Math.round(Number(order.total) * 100));
    });

    it('shows the product current SKU on order lines, and null once the product is deleted', async () => {
      const order = [...woo.state.orders.values()].find((candidate) => candidate.lines.some((line) => line.variationId === 0))!;
      const line = order.lines.find((candidate) => candidate.variationId === 0)!;
      woo.state.setSku(line.productId, 'RENAMED-SKU');
      const renamed = (await get(`/orders/${order.id}`)).body as WooOrder;
      expect(renamed.line_items.find((item) => item.product_id === line.productId)?.sku).toBe('RENAMED-SKU');
      woo.state.deleteProduct(line.productId);
      const deleted = (await get(`/orders/${order.id}`)).body as WooOrder;
      expect(deleted.line_items.find((item) => item.product_id === line.productId)?.sku).toBeNull();
    });

    it('answers an unknown order with 404 woocommerce_rest_shop_order_invalid_id', async () => {
      const answer = await get('/orders/999999');
      expect(answer.status).toBe(404);
      expect((answer.body as WooErrorBody).code).toBe('woocommerce_rest_shop_order_invalid_id');
    });

    it('answers an unknown route with rest_no_route', async () => {
      const answer = await get('/nothing-here');
      expect(answer.status).toBe(404);
      expect((answer.body as WooErrorBody).code).toBe('rest_no_route');
    });
  });

  describe('stock and batches (§10)', () => {
    it('ignores stock_quantity unless manage_stock is true after the update, and clears it when turned off', async () => {
      const product = ((await get('/products?sku=POSTER.A2')).body as WooProduct[])[0]!;
      expect(product.manage_stock).toBe(false);
      const ignored = (await send('PUT', `/products/${product.id}`, { stock_quantity: 7 })).body as WooProduct;
      expect(ignored.stock_quantity).toBeNull();
      const managed = (await send('PUT', `/products/${product.id}`, { manage_stock: true, stock_quantity: 7 })).body as WooProduct;
      expect(managed.stock_quantity).toBe(7);
      const off = (await send('PUT', `/products/${product.id}`, { manage_stock: false })).body as WooProduct;
      expect([off.stock_quantity, off.backorders]).toEqual([null, 'no']);
    });

    it('reports manage_stock "parent" on a variation that keeps its stock on the parent', async () => {
      const variations = (await get('/variations?per_page=100')).body as WooVariation[];
      const inherits = variations.find((variation) => variation.manage_stock === 'parent')!;
      expect(inherits.parent_id).toBeGreaterThan(0);
      const parent = (await get(`/products/${inherits.parent_id}`)).body as WooProduct;
      expect(inherits.stock_quantity).toBe(parent.stock_quantity);
    });

    it('refuses more than 100 batch items across create, update and delete with 413', async () => {
      const update = Array.from({ length: 60 }, (_, index) => ({ id: index + 1, stock_quantity: 1 }));
      const answer = await send('POST', '/products/batch', { update, delete: Array.from({ length: 41 }, (_, index) => index + 1) });
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        code: 'woocommerce_rest_request_entity_too_large',
        message: 'Unable to accept more than 100 items for this request.',
        data: { status: 413 },
      });
    });

    it('answers 200 with per-item errors inside a batch', async () => {
      const product = ((await get('/products?sku=MUG%23BLK')).body as WooProduct[])[0]!;
      const answer = await send('POST', '/products/batch', {
        update: [
          { id: product.id, manage_stock: true, stock_quantity: 5 },
          { id: 999_999, manage_stock: true, stock_quantity: 5 },
          { id: product.id, sku: 'CAP-001' },
        ],
      });
      expect(answer.status).toBe(200);
      const items = (answer.body as WooBatchResponse<WooProduct>).update!;
      expect(items[0]).toMatchObject({ id: product.id, stock_quantity: 5, stock_status: 'instock' });
      expect(items[1]).toEqual({ id: 999_999, error: { code: 'woocommerce_rest_product_invalid_id', message: 'Invalid ID.', data: { status: 400 } } });
      expect(items[2]).toMatchObject({ id: product.id, error: { code: 'product_invalid_sku' } });
    });

    it('changes an order status by PUT and bumps its modified time', async () => {
      const pending = ((await get('/orders?status=pending&per_page=1')).body as WooOrder[])[0]!;
      woo.state.setClockOffset(60_000);
      const updated = (await send('PUT', `/orders/${pending.id}`, { status: 'processing' })).body as WooOrder;
      expect(updated.status).toBe('processing');
      expect(updated.date_modified_gmt).toBe('2026-10-05T12:01:00');
      const refused = await send('PUT', `/orders/${pending.id}`, { status: 'shipped' });
      expect(refused.status).toBe(400);
    });
  });
});

describe('WooCommerce simulator over plain HTTP (OAuth 1.0a)', () => {
  let woo: WooCommerceSimulator;
  let credentials: { key: string; secret: string };
  const url = (path: string): string => `${woo.simulator.url}${API}${path}`;

  beforeAll(async () => {
    woo = await startWooCommerceSimulator({ orders: 5 });
    credentials = { key: woo.config.consumerKey, secret: woo.config.consumerSecret };
  });
  afterAll(() => woo.simulator.close());

  it('accepts a correctly signed request', async () => {
    expect((await rawRequest(signedUrl('GET', url('/orders?per_page=5'), credentials))).status).toBe(200);
  });

  it('ignores Basic auth over plain HTTP: the request is anonymous', async () => {
    const basic = `Basic ${Buffer.from(`${credentials.key}:${credentials.secret}`).toString('base64')}`;
    const answer = await rawRequest(url('/orders'), { headers: { authorization: basic } });
    expect(answer.status).toBe(401);
    expect((answer.body as WooErrorBody).code).toBe('woocommerce_rest_cannot_view');
  });

  it.each([
    ['a wrong signature', { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, 'Invalid signature - provided signature does not match.'],
    ['a timestamp 16 minutes old', { timestamp: Math.floor(Date.now() / 1000) - 16 * 60 }, 'Invalid timestamp.'],
  ])('refuses %s', async (_label, overrides, message) => {
    const answer = await rawRequest(signedUrl('GET', url('/orders'), credentials, overrides));
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 'woocommerce_rest_authentication_error', message, data: { status: 401 } });
  });

  it('refuses a nonce used before', async () => {
    const signed = signedUrl('GET', url('/orders'), credentials, { nonce: 'once-only' });
    expect((await rawRequest(signed)).status).toBe(200);
    expect(((await rawRequest(signed)).body as WooErrorBody).message).toBe('Invalid nonce - nonce has already been used.');
  });

  it('refuses an unknown consumer key and names missing OAuth parameters', async () => {
    const unknown = await rawRequest(signedUrl('GET', url('/orders'), { key: 'ck_nobody', secret: 'cs_nobody' }));
    expect((unknown.body as WooErrorBody).message).toBe('Consumer key is invalid.');
    const partial = await rawRequest(`${url('/orders')}?oauth_consumer_key=${credentials.key}`);
    expect(partial.body).toMatchObject({ code: 'woocommerce_rest_authentication_missing_parameter', data: { status: 401 } });
  });

  it('refuses writes with a read-only key', async () => {
    const readOnly = await startWooCommerceSimulator({ orders: 1, credentials: { permissions: 'read' } });
    try {
      const order = [...readOnly.state.orders.values()][0]!;
      const target = `${readOnly.simulator.url}${API}/orders/${order.id}`;
      const answer = await rawRequest(signedUrl('PUT', target, credentials), { method: 'PUT', body: { status: 'completed' } });
      expect(answer.status).toBe(401);
      expect((answer.body as WooErrorBody).message).toBe('The API key provided does not have write permissions.');
      expect(readOnly.state.orders.get(order.id)?.status).toBe(order.status);
    } finally {
      await readOnly.simulator.close();
    }
  });
});
