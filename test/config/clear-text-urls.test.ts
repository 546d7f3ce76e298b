import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig } from '../../src/config/load.js';
import { useTmpDir } from '../helpers/tmp-dir.js';

/**
 * Design, "HTTP layer": bearer tokens never travel over plain http:// except to loopback. Rackbeat
 * (Bearer), e-conomic (token headers) and Shopify (X-Shopify-Access-Token) are refused at config load
 * with the key named; WooCommerce keeps http://, where it signs every request with OAuth 1.0a.
 */
const tmpDir = useTmpDir();
const SECRETS = { RB: 'rb-key', APP: 'app-token', GRANT: 'grant-token', SHOP: 'shpat_x', CK: 'ck_x', CS: 'cs_x' };

function sections(urls: { rackbeat?: string; economic?: string; shopify?: string; woocommerce?: string }) {
  const webshop = urls.shopify !== undefined
    ? { platform: 'shopify', url: urls.shopify, accessToken: '${SHOP}' }
    : { platform: 'woocommerce', url: urls.woocommerce ?? 'https://shop.example.com', consumerKey: '${CK}', consumerSecret: '${CS}' };
  return {
    webshop,
    rackbeat: { url: urls.rackbeat ?? 'https://app.rackbeat.com/api', apiKey: '${RB}' },
    economic: { url: urls.economic ?? 'https://restapi.e-conomic.com', appSecretToken: '${APP}', agreementGrantToken: '${GRANT}' },
  };
}

async function problemsFor(urls: Parameters<typeof sections>[0]): Promise<string[]> {
  const dir = tmpDir();
  writeFileSync(join(dir, 'sync.config.yaml'), stringify(sections(urls)));
  try {
    await loadConfig({ cwd: dir, env: SECRETS, sections: ['webshop', 'rackbeat', 'economic'] });
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
}

const inClear = (key: string) => expect.stringMatching(new RegExp(`^${key.replace('.', '\\.')}: must start with https://: over http:// the credentials would travel in clear`));

describe('plain http:// URLs of systems that send a token', () => {
  it('refuses rackbeat.url, economic.url and a Shopify webshop.url on http:// to another host, naming each key, and allows loopback', async () => {
    expect(await problemsFor({ rackbeat: 'http://app.rackbeat.com/api' })).toEqual([inClear('rackbeat.url')]);
    expect(await problemsFor({ economic: 'http://restapi.e-conomic.com' })).toEqual([inClear('economic.url')]);
    expect(await problemsFor({ shopify: 'http://my-shop.myshopify.com' })).toEqual([inClear('webshop.url')]);
    // A loopback-looking name that is not loopback.
    expect(await problemsFor({ rackbeat: 'http://127.0.0.1.example.com/api', economic: 'http://localhost.example.com' })).toEqual([
      inClear('rackbeat.url'),
      inClear('economic.url'),
    ]);

    // Loopback (the sandbox) stays allowed, and WooCommerce may use http:// anywhere.
    for (const url of ['http://127.0.0.1:4010', 'http://127.9.8.7/api', 'http://localhost:8080', 'http://[::1]:4010']) {
      expect(await problemsFor({ rackbeat: url, economic: url, shopify: url }), url).toEqual([]);
    }
    expect(await problemsFor({ woocommerce: 'http://shop.example.com' })).toEqual([]);
  });

  it('shows the fix: an example https URL and that loopback may stay on http', async () => {
    const [problem] = await problemsFor({ rackbeat: 'http://app.rackbeat.com/api' });
    expect(problem).toContain('(e.g. url: https://app.rackbeat.com/api)');
    expect(problem).toContain('127.0.0.1, localhost or [::1]');
  });
});
