import { describe, expect, it } from 'vitest';
import type { WooErrorBody, WooProduct } from '../../src/connectors/woocommerce/types.js';
import type { Minor } from '../../src/domain/money.js';
import type { WooCommerceSimulatorOptions } from '../../src/sandbox/woocommerce/simulator.js';
import { rawRequest, signedUrl, type RawAnswer } from './helpers/raw-request.js';
import { useWooShops } from './helpers/shops.js';

/** Pins the simulator's products, variations and settings to ../shared/api/webshops.md §10 and WooCommerce's REST controllers. */
const API = '/wp-json/wc/v3';
const shops = useWooShops();

async function shop(options: WooCommerceSimulatorOptions = {}) {
  const woo = await shops.shop(options);
  const credentials = { key: woo.config.consumerKey, secret: woo.config.consumerSecret };
  const call = (method: string, path: string, body?: unknown): Promise<RawAnswer> =>
    rawRequest(signedUrl(method, `${woo.simulator.url}${API}${path}`, credentials), { method, body });
  return { woo, call };
}

describe('WooCommerce simulator: products, variations, settings', () => {
  it('searches variations too when asked by SKU, listing them as type variation with their parent', async () => {
    const { woo, call } = await shop();
    const answer = await call('GET', `/products?sku=${encodeURIComponent('TEE-RED-M,CAP-001')}`);
    expect(answer.status).toBe(200);
    const found = answer.body as WooProduct[];
    const parent = [...woo.state.products.values()].find((product) => product.sku === 'TEE')!;
    expect(found.map((item) => [item.sku, item.type, item.parent_id]).sort()).toEqual([
      ['CAP-001', 'simple', 0],
      ['TEE-RED-M', 'variation', parent.id],
    ]);
    const shirt = found.find((item) => item.type === 'variation')!;
    expect(shirt.name).toBe('T-shirt - Red, M');
    expect(shirt.attributes.map((attribute) => attribute.option)).toEqual(['Red', 'M']);
  });

  it('lists every status but the trash by default, filters by one, and refuses an unknown one', async () => {
    const { woo, call } = await shop();
    woo.state.addProduct({ name: 'Draft', sku: 'DRAFT-1', price: 100 as Minor, status: 'draft' });
    const all = (await call('GET', '/products?per_page=100')).body as WooProduct[];
    expect(all.some((item) => item.status === 'draft')).toBe(true);
    const drafts = (await call('GET', '/products?status=draft')).body as WooProduct[];
    expect(drafts.map((item) => item.sku)).toEqual(['DRAFT-1']);
    const refused = await call('GET', '/products?status=gone');
    expect(refused.status).toBe(400);
    expect((refused.body as WooErrorBody).code).toBe('rest_invalid_param');
  });

  it('answers the prices-include-tax setting with yes or no (Setting options)', async () => {
    const { call } = await shop({ pricesIncludeTax: false });
    const answer = await call('GET', '/settings/tax/woocommerce_prices_include_tax');
    expect(answer.body).toMatchObject({ id: 'woocommerce_prices_include_tax', value: 'no', group_id: 'tax' });
    expect((await call('GET', '/settings/tax/no_such_option')).body).toMatchObject({ code: 'rest_setting_setting_invalid', data: { status: 404 } });
  });

  it('has no all-variations list before WooCommerce 10.3: rest_no_route', async () => {
    const { call } = await shop({ variationsEndpoint: false });
    const answer = await call('GET', '/variations');
    expect(answer.status).toBe(404);
    expect((answer.body as WooErrorBody).code).toBe('rest_no_route');
  });
});
