import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { WebshopPlatform } from '../../src/connectors/systems.js';
import { useFlowWorld } from '../flows/world/world.js';
import { writeCounts } from '../flows/world/writes.js';
import { runMain } from './run-cli.js';

/**
 * Exit codes that tell the cause when `iex-sync orders` fails before any record is handled (design,
 * "Output and exit codes": never 1 when the log has nothing). A base URL that answers 404 is a config
 * error (2) naming the key and what the URL should be; a 200 whose body is HTML, empty or `null` is a
 * protocol error (3) naming the system. Through the real CLI, against the simulators and loopback
 * servers that answer what a wrong URL might.
 */
const startWorld = useFlowWorld();
const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  })));
});

type Section = 'webshop' | 'rackbeat' | 'economic';

/** Runs `orders` with the simulators' config, one section's URL replaced. */
async function ordersWith(platform: WebshopPlatform, section: Section, url: (simulatorUrl: string) => string) {
  const systems = await startWorld({ platform, seededOrders: 3 });
  const { dir, configPath: file } = systems;
  const config = parse(readFileSync(file, 'utf8')) as Record<Section, { url: string }>;
  config[section].url = url(config[section].url);
  writeFileSync(file, stringify(config));
  const before = writeCounts(systems);
  const result = await runMain(['-c', file, 'orders'], { cwd: dir });
  expect(writeCounts(systems), 'nothing was written anywhere').toEqual(before);
  const history = await runMain(['-c', file, '--json', 'history'], { cwd: dir });
  return { ...result, logged: history.code === 0 ? (JSON.parse(history.stdout) as unknown[]).length : 0 };
}

/** A loopback server that gives every request the same 200 answer. */
async function answering(contentType: string, body: string): Promise<string> {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': contentType });
    response.end(body);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const WRONG_BASE_URLS: ReadonlyArray<[string, WebshopPlatform, Section, (url: string) => string, string]> = [
  [
    'WooCommerce given its API URL instead of the site root', 'woocommerce', 'webshop', (url) => `${url}/wp-json/wc/v3`,
    'webshop.url points at no WooCommerce API (it answered 404): it should be the site root, e.g. https://shop.example.com (without /wp-json/wc/v3).',
  ],
  [
    'Rackbeat given a versioned API URL', 'woocommerce', 'rackbeat', (url) => `${url}/v2`,
    'rackbeat.url points at no Rackbeat API (it answered 404): it should be the API root, https://app.rackbeat.com/api (nothing after /api).',
  ],
  [
    'e-conomic given a wrong base', 'shopify', 'economic', (url) => `${url}/api/v1`,
    'economic.url points at no e-conomic API (it answered 404): it should be https://restapi.e-conomic.com.',
  ],
  [
    'Shopify given a path under the shop root', 'shopify', 'webshop', (url) => `${url}/admin`,
    'webshop.url points at no Shopify API (it answered 404): it should be the shop root, https://NAME.myshopify.com.',
  ],
];

describe('orders: a base URL that answers 404 is a config error (exit 2)', () => {
  it.each(WRONG_BASE_URLS)('%s', async (_case, platform, section, url, hint) => {
    const result = await ordersWith(platform, section, url);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/ 404 .*on (GET \/wp-json\/|GET \/self|POST \/admin\/api\/[\d-]+\/graphql\.json)/);
    expect(result.stderr).toContain(`hint: ${hint}`);
    expect(result.logged).toBe(0);
  });

  it('a WordPress site without WooCommerce\'s REST API', async () => {
    const blog = await answering('application/json', JSON.stringify({ name: 'A blog', namespaces: ['oembed/1.0', 'wp/v2'] }));
    const result = await ordersWith('woocommerce', 'webshop', () => blog);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("hint: WordPress answers at webshop.url, but WooCommerce's REST API (wc/v3) is not there: is WooCommerce 3.5+ active");
  });
});

describe('orders: a 200 that is not the API\'s answer is a protocol error (exit 3)', () => {
  it('an HTML page where Rackbeat\'s /self should be', async () => {
    const page = await answering('text/html; charset=utf-8', '<!doctype html><html><body>Welcome</body></html>');
    const result = await ordersWith('woocommerce', 'rackbeat', () => page);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('rackbeat 200 on GET /self: expected JSON, got text/html');
    expect(result.stderr).toContain('hint: Rackbeat did not answer as its API does: check rackbeat.url');
    expect(result.logged).toBe(0);
  });

  it('null, an empty body or another JSON where e-conomic\'s /self should be', async () => {
    for (const body of ['null', '', '{"status":"ok"}']) {
      const server = await answering('application/json', body);
      const run = await ordersWith('woocommerce', 'economic', () => server);
      expect(run.code, JSON.stringify(body)).toBe(3);
      expect(run.stderr).toContain('economic 200 on GET /self: the answer is not an e-conomic agreement (agreementNumber)');
      expect(run.stderr).toContain('hint: e-conomic did not answer as its API does: check economic.url; it should be https://restapi.e-conomic.com.');
    }
  });

  it('an HTML page at a Shopify URL and a null shop', async () => {
    const page = await answering('text/html', '<html>Password protected</html>');
    const html = await ordersWith('shopify', 'webshop', () => page);
    expect(html.code).toBe(3);
    expect(html.stderr).toContain('hint: Shopify did not answer as its API does: check webshop.url');
    const nullShop = await answering('application/json', '{"data":{"shop":null}}');
    const empty = await ordersWith('shopify', 'webshop', () => nullShop);
    expect(empty.code).toBe(3);
    expect(empty.stderr).toContain('the answer is not the shop (name and myshopifyDomain)');
  });
});
